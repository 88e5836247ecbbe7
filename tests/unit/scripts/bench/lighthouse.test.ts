import { describe, expect, it } from "vitest";
import {
  formatFindings,
  formatMedians,
  type LighthouseMetrics,
  type LighthouseReport,
  lighthouseFindings,
  lighthouseMetrics,
  mainThreadSummary,
  median,
} from "../../../../scripts/bench/lighthouse.ts";

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

describe("lighthouseMetrics", () => {
  it("reads the score, the metrics' values and the script bytes fetched", () => {
    const timed = (numericValue: number) => ({ ...audit(1, "numeric"), numericValue });
    const metrics = lighthouseMetrics({
      ...report,
      audits: {
        ...report.audits,
        "first-contentful-paint": timed(1100.4),
        "largest-contentful-paint": timed(1250),
        "total-blocking-time": timed(0),
        "cumulative-layout-shift": timed(0.0012),
        "speed-index": timed(1300),
        "network-requests": {
          ...audit(null, "informative"),
          details: {
            type: "table",
            items: [
              { url: "/", resourceType: "Document", transferSize: 9000 },
              { url: "/a.js", resourceType: "Script", transferSize: 700 },
              { url: "/b.js", resourceType: "Script", transferSize: 300 },
            ],
          },
        },
      },
    });
    expect(metrics).toEqual({
      performance: 1,
      fcpMs: 1100.4,
      lcpMs: 1250,
      tbtMs: 0,
      cls: 0.0012,
      speedIndexMs: 1300,
      scriptBytes: 1000,
    });
  });

  it("gives null for a metric Lighthouse did not measure, and 0 script bytes without the requests audit", () => {
    const metrics = lighthouseMetrics(report);
    expect(metrics.lcpMs).toBeNull();
    expect(metrics.scriptBytes).toBe(0);
  });
});

describe("median and formatMedians", () => {
  it("takes the middle value, the lower middle of an even count, ignoring gaps", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([null, 5])).toBe(5);
    expect(median([])).toBeNull();
  });

  it("prints each figure's median over the runs, and the score's range", () => {
    const run = (performance: number, tbtMs: number, lcpMs: number): LighthouseMetrics => ({
      performance,
      fcpMs: 1000,
      lcpMs,
      tbtMs,
      cls: 0,
      speedIndexMs: 1200,
      scriptBytes: 1536,
    });
    expect(formatMedians([run(0.99, 90, 1400), run(1, 0, 1200), run(1, 10, 1300)])).toBe(
      "performance 1.00 (0.99–1.00)  TBT 10 ms  LCP 1300 ms  CLS 0.000  FCP 1000 ms  SI 1200 ms  JS 1.5 kB",
    );
  });
});

describe("mainThreadSummary", () => {
  it("lists the kinds of main-thread work, largest first", () => {
    const withBreakdown: LighthouseReport = {
      ...report,
      audits: {
        ...report.audits,
        "mainthread-work-breakdown": {
          ...audit(1, "metricSavings"),
          details: {
            type: "table",
            items: [
              { group: "parseHTML", duration: 95.4 },
              { group: "styleLayout", duration: 210 },
              { group: "other", duration: 40 },
              { group: "scriptEvaluation", duration: 20 },
              { group: "garbageCollection", duration: 1 },
            ],
          },
        },
      },
    };
    expect(mainThreadSummary(withBreakdown)).toBe(
      "styleLayout 210 ms, parseHTML 95 ms, other 40 ms, scriptEvaluation 20 ms",
    );
    expect(mainThreadSummary(report)).toBe("n/a");
  });
});
