/**
 * The raw-file link that follows a figure's link (`SourcedFigure.astro`), past the coin symbol a figure may write
 * between them ("1.00 LIBRA json").
 */
export function rawLinkAfter<
  T extends { nextElementSibling: T | null; classList: { contains(name: string): boolean } },
>(link: T | null | undefined): T | null {
  const next = link?.nextElementSibling ?? null;
  return next?.classList.contains("unit") ? next.nextElementSibling : next;
}
