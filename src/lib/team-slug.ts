/**
 * The URL slug of a team page (`/teams/<slug>/`), made from the team's name in `program.yaml`: lower-case ASCII
 * letters and digits, every other run of characters one hyphen ("Mutual Health Plan" -> "mutual-health-plan").
 * A name with no letter or digit falls back to "team". Pages that link to a team and the team pages themselves both
 * call this, so a link can never point at a page that was named differently.
 */
export function teamSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "team" : slug;
}

/** The path of a team's page, `/teams/<slug>/`: the one place the site's links to team pages are made. */
export function teamPageHref(name: string): string {
  return `/teams/${teamSlug(name)}/`;
}
