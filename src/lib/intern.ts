/**
 * One shared copy of each string or bigint seen: JSON.parse and formatting make a new copy of a repeated text (a type
 * name, an address, a quarter) every time, a parsed u64 is a heap object of its own each time too, and a run or a
 * build that holds 10^5 records would hold as many copies.
 */
export function createInterner<T extends string | bigint = string>(): (value: T) => T {
  const seen = new Map<T, T>();
  return (value) => {
    const known = seen.get(value);
    if (known !== undefined) return known;
    seen.set(value, value);
    return value;
  };
}
