/**
 * "Did you mean …?" for names people type (figure names in reports): the valid name fewest single-character edits
 * away (Levenshtein distance: insert, delete or replace one character), when it is close enough to be a likely typo.
 */

/** The number of single-character insertions, deletions and replacements that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, replace));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The name in `names` closest to `typed` (case-insensitively), or undefined when even the closest needs more edits
 * than a third of the longer name's length (then it is no typo of it, and a suggestion would mislead). Ties go to
 * the name listed first.
 */
export function closestName(typed: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= Math.max(2, Math.ceil(Math.max(typed.length, best.length) / 3)) ? best : undefined;
}
