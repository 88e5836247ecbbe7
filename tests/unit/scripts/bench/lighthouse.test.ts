import { describe, expect, it } from "vitest";
import { formatFindings, type LighthouseReport, lighthouseFindings } from "../../../../scripts/bench/lighthouse.ts";

const audit = (score: number | null, scoreDisplayMode = "binary", displayValue?: string) => ({
  title: "an audit",
  score,
  scoreDisplayMode,
  ...(displayValue ? { displayValue } : {}),
});

const report: LighthouseReport = {
  lighthouseVersion: "13.5.0",
  finalDisplayedUrl: "http://127.0.0.1/",
  runWarnings: [],
  categories: {
    performance: { title: "Performance", score: 1, auditRefs: [{ id: "first-contentful-paint", weight: 10 }] },
    accessibility: {
      title: "Accessibility",
      score: 0.91,
      auditRefs: [
        { id: "target-size", weight: 7 },
        { id: "color-contrast", weight: 7 },
        { id: "image-alt", weight: 10 },
        { id: "manual-check", weight: 0 },
        { id: "not-applicable", weight: 3 },
      ],
    },
    seo: { title: "SEO", score: 0.9, auditRefs: [{ id: "meta-description", weight: 1 }] },
  },
  audits: {
    "first-contentful-paint": audit(0.99, "numeric", "1.1 s"),
    "target-size": audit(0),
    "color-contrast": audit(0.5),
    "image-alt": audit(1),
    "manual-check": audit(0),
    "not-applicable": audit(null, "notApplicable"),
    "meta-description": audit(0),
  },
};

describe("lighthouseFindings", () => {
  it("lists the weighted audits that cost points, worst first, per category in the order asked", () => {
    const findings = lighthouseFindings(report, ["performance", "accessibility", "seo", "best-practices"]);
    expect(findings).toEqual([
      { id: "performance", score: 1, failing: [{ id: "first-contentful-paint", score: 0.99, displayValue: "1.1 s" }] },
      {
        id: "accessibility",
        score: 0.91,
        failing: [
          { id: "target-size", score: 0 },
          { id: "color-contrast", score: 0.5 },
        ],
      },
      { id: "seo", score: 0.9, failing: [{ id: "meta-description", score: 0 }] },
      { id: "best-practices", score: null, failing: [] },
    ]);
  });

  it("prints one line per category with its failing audits", () => {
    expect(formatFindings(lighthouseFindings(report, ["accessibility", "best-practices"]))).toEqual([
      "accessibility   0.91  failing: target-size (0.00), color-contrast (0.50)",
      "best-practices  n/a",
    ]);
  });
});
