/**
 * One shared copy of each string seen: JSON.parse and formatting make a new copy of a repeated text (a type name,
 * an address, a quarter) every time, and a run or a build that holds 10^5 records would hold as many copies.
 */
export function createInterner(): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    seen.set(text, text);
    return text;
  };
}
