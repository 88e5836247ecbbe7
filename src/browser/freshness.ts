/**
 * Says how old the snapshot is, in the reader's own time (the static page cannot know "now"), and shows the
 * stale warning past 72 hours. The wording and the threshold live in src/lib/views/freshness.ts; this only wires them to
 * the page. Without this script the page states the snapshot time and the 3-day rule instead.
 */
import { describeFreshness } from "../lib/views/freshness.ts";

const line = document.querySelector<HTMLElement>("[data-freshness]");
const snapshotIso = line?.dataset.freshness;
if (line && snapshotIso) {
  const freshness = describeFreshness(snapshotIso, Date.now());
  const age = document.querySelector<HTMLElement>("[data-freshness-age]");
  if (age) {
    age.textContent = ` (${freshness.ageText})`;
    age.hidden = false;
  }
  const warning = document.querySelector<HTMLElement>("[data-stale-warning]");
  const text = warning?.querySelector<HTMLElement>("[data-stale-text]");
  if (warning && text && freshness.warning) {
    text.textContent = freshness.warning;
    // The warning takes the rule's place in the same box (see index.astro), so nothing below it moves.
    const rule = document.querySelector<HTMLElement>("[data-freshness-rule]");
    if (rule) rule.hidden = true;
    warning.hidden = false;
  }
}
