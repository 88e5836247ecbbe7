import { describe, expect, it } from "vitest";
import { mentionsTeam, nameMatcher, readPublicationText } from "../../../../src/lib/reports/team-mentions.ts";

const team = { name: "Emergency Shelter", transferUids: new Set(["19", "31"]) };

describe("the mention rule", () => {
  it("counts a cited transfer of the team, anywhere in the text", () => {
    const text = readPublicationText("## Payments\n\n- The largest was :transfer[19], paid in June.\n");
    expect([...text.transferUids]).toEqual(["19"]);
    expect(mentionsTeam(text, team)).toBe(true);
    expect(mentionsTeam(readPublicationText("See :transfer[20]."), team)).toBe(false);
  });

  it("counts the team's exact name as whole words, in prose, headings, emphasis, links and table cells", () => {
    for (const markdown of [
      "We funded the Emergency Shelter this year.",
      "## Emergency Shelter\n\nText.",
      "Thanks to *Emergency Shelter*.",
      "Read [Emergency Shelter's plan](https://example.org/).",
      "| team | note |\n| --- | --- |\n| Emergency Shelter | ok |\n",
    ]) {
      expect(mentionsTeam(readPublicationText(markdown), team), markdown).toBe(true);
    }
  });

  it("does not count another capitalisation, a longer word, a name split across blocks, or code", () => {
    for (const markdown of [
      "an emergency shelter in town",
      "Emergency Shelters were built.",
      "Emergency\n\nShelter",
      "The config says `Emergency Shelter`.",
      "```\nEmergency Shelter\n```",
    ]) {
      expect(mentionsTeam(readPublicationText(markdown), team), markdown).toBe(false);
    }
  });

  it("treats the name as text, not as a pattern", () => {
    expect(nameMatcher("A.B (C)").test("A.B (C) is a team")).toBe(true);
    expect(nameMatcher("A.B (C)").test("AxB (C)")).toBe(false);
  });
});
