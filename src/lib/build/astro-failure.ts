/**
 * What a failed `astro build` says, for a person: Astro's message (which names the file and field, e.g. a report's
 * front matter) without its "Location:"/"Stack trace:" sections and `at …` frames, which point into our code and
 * Astro's, not at the content to fix.
 */
export function astroFailureSummary(output: string): string {
  const cut = output.search(/\n[ \t]*(Location|Stack trace):/);
  const message = cut < 0 ? output : output.slice(0, cut);
  return message
    .split("\n")
    .filter((line) => !/^\s+at \S.*(:\d+:\d+\)?|\(native\))$/.test(line))
    .join("\n")
    .trim();
}
