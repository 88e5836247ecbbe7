/**
 * Lighthouse for the site benchmark: the lighthouse CLI (default mobile preset, simulated throttling) against a
 * page of the built site served on 127.0.0.1, in Debian's Chromium, with no network beyond loopback. Only the
 * benchmark runs it; `npm test` never does.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { childProcessEnv } from "../../src/config/build-env.ts";
import { compareText } from "../../src/lib/compare.ts";
import { parseOrThrow } from "../../src/schemas/parse.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

/** The part of a Lighthouse JSON report (lhr) the benchmark reads. */
const LighthouseReportSchema = z.object({
  lighthouseVersion: z.string(),
  finalDisplayedUrl: z.string(),
  runWarnings: z.array(z.string()).default([]),
  categories: z.record(
    z.string(),
    z.object({
      title: z.string(),
      score: z.number().nullable(),
      auditRefs: z.array(z.object({ id: z.string(), weight: z.number() })),
    }),
  ),
  audits: z.record(
    z.string(),
    z.object({
      title: z.string(),
      score: z.number().nullable(),
      scoreDisplayMode: z.string(),
      displayValue: z.string().optional(),
      numericValue: z.number().optional(),
      // Only network-requests' rows are read (NetworkRequestsSchema); other audits' details are left as they are.
      details: z.unknown().optional(),
    }),
  ),
});
export type LighthouseReport = z.output<typeof LighthouseReportSchema>;

/** The rows of the network-requests audit, for the bytes of script fetched. */
const NetworkRequestsSchema = z.object({
  items: z.array(z.object({ resourceType: z.string().optional(), transferSize: z.number().optional() })),
});

export interface CategoryFinding {
  id: string;
  /** 0–1, or null when Lighthouse could not score the category. */
  score: number | null;
  /** Audits that count towards the score and did not pass, lowest score first (then by id). */
  failing: { id: string; score: number; displayValue?: string }[];
}

/** Scores per category, in `categories` order, with the audits that cost points. */
export function lighthouseFindings(
  report: LighthouseReport,
  categories: readonly string[] = LIGHTHOUSE_CATEGORIES,
): CategoryFinding[] {
  return categories.map((id) => {
    const category = report.categories[id];
    if (!category) return { id, score: null, failing: [] };
    const failing = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .flatMap((ref) => {
        const audit = report.audits[ref.id];
        if (!audit || audit.score === null || audit.score >= 1) return [];
        if (!["binary", "numeric", "metricSavings"].includes(audit.scoreDisplayMode)) return [];
        return [
          { id: ref.id, score: audit.score, ...(audit.displayValue ? { displayValue: audit.displayValue } : {}) },
        ];
      })
      .sort((a, b) => a.score - b.score || compareText(a.id, b.id));
    return { id, score: category.score, failing };
  });
}

/** One line per category: `performance 1.00`, or `accessibility 0.91  failing: target-size (0)`. */
export function formatFindings(findings: readonly CategoryFinding[]): string[] {
  return findings.map((finding) => {
    const score = finding.score === null ? "n/a" : finding.score.toFixed(2);
    const failing = finding.failing
      .map((audit) => `${audit.id} (${audit.score.toFixed(2)}${audit.displayValue ? `, ${audit.displayValue}` : ""})`)
      .join(", ");
    return `${finding.id.padEnd(15)} ${score}${failing ? `  failing: ${failing}` : ""}`;
  });
}

/** The figures the issue asks for, from one Lighthouse run (times in ms, bytes as transferred). */
export interface LighthouseMetrics {
  performance: number | null;
  fcpMs: number | null;
  lcpMs: number | null;
  tbtMs: number | null;
  cls: number | null;
  speedIndexMs: number | null;
  /** Script bytes fetched during the run (network-requests, resource type Script). */
  scriptBytes: number;
}

export function lighthouseMetrics(report: LighthouseReport): LighthouseMetrics {
  const numeric = (id: string) => report.audits[id]?.numericValue ?? null;
  const parsed = NetworkRequestsSchema.safeParse(report.audits["network-requests"]?.details);
  const requests = parsed.success ? parsed.data.items : [];
  return {
    performance: report.categories.performance?.score ?? null,
    fcpMs: numeric("first-contentful-paint"),
    lcpMs: numeric("largest-contentful-paint"),
    tbtMs: numeric("total-blocking-time"),
    cls: numeric("cumulative-layout-shift"),
    speedIndexMs: numeric("speed-index"),
    scriptBytes: requests
      .filter((item) => item.resourceType === "Script")
      .reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
  };
}

/** The rows of the mainthread-work-breakdown audit: main-thread time per kind of work. */
const MainThreadSchema = z.object({
  items: z.array(z.object({ group: z.string(), groupLabel: z.string().optional(), duration: z.number() })),
});

/**
 * What kept the main thread busy (mainthread-work-breakdown, simulated ms), largest first: `styleLayout 210 ms,
 * parseHTML 95 ms, scriptEvaluation 20 ms`. Where the time goes when TBT is not 0 on a page without much script.
 */
export function mainThreadSummary(report: LighthouseReport, top = 4): string {
  const parsed = MainThreadSchema.safeParse(report.audits["mainthread-work-breakdown"]?.details);
  if (!parsed.success || parsed.data.items.length === 0) return "n/a";
  return [...parsed.data.items]
    .sort((a, b) => b.duration - a.duration || compareText(a.group, b.group))
    .slice(0, top)
    .map((item) => `${item.group} ${Math.round(item.duration)} ms`)
    .join(", ");
}

/** The median of the values present (the lower middle one of an even count), or null if there are none. */
export function median(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  return present.length === 0 ? null : (present[Math.floor((present.length - 1) / 2)] ?? null);
}

/**
 * One line of medians over runs: `performance 1.00 (0.99–1.00)  TBT 0 ms  LCP 1,204 ms  CLS 0.000  FCP …`. Each
 * figure is the median of that figure over the runs (so they may come from different runs), the score with its
 * range.
 */
export function formatMedians(runs: readonly LighthouseMetrics[]): string {
  const pick = <K extends keyof LighthouseMetrics>(key: K) => runs.map((run) => run[key]);
  const ms = (value: number | null) => (value === null ? "n/a" : `${Math.round(value)} ms`);
  const scores = pick("performance").filter((value): value is number => value !== null);
  const score = median(scores);
  const range = scores.length > 1 ? ` (${Math.min(...scores).toFixed(2)}–${Math.max(...scores).toFixed(2)})` : "";
  const cls = median(pick("cls"));
  const kb = (median(pick("scriptBytes")) ?? 0) / 1024;
  return [
    `performance ${score === null ? "n/a" : score.toFixed(2)}${range}`,
    `TBT ${ms(median(pick("tbtMs")))}`,
    `LCP ${ms(median(pick("lcpMs")))}`,
    `CLS ${cls === null ? "n/a" : cls.toFixed(3)}`,
    `FCP ${ms(median(pick("fcpMs")))}`,
    `SI ${ms(median(pick("speedIndexMs")))}`,
    `JS ${kb.toFixed(1)} kB`,
  ].join("  ");
}

const run = promisify(execFile);

/** Runs Lighthouse on `url` and returns its parsed report. Throws with Lighthouse's output if it fails. */
export async function runLighthouse(url: string, root: string): Promise<LighthouseReport> {
  const work = await mkdtemp(path.join(tmpdir(), "ledgerlight-lighthouse-"));
  const out = path.join(work, "report.json");
  try {
    await run(
      process.execPath,
      [
        path.join(root, "node_modules/lighthouse/cli/index.js"),
        url,
        `--only-categories=${LIGHTHOUSE_CATEGORIES.join(",")}`,
        "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic",
        "--output=json",
        `--output-path=${out}`,
        "--quiet",
      ],
      { cwd: work, env: childProcessEnv({ CHROME_PATH: CHROMIUM }), maxBuffer: 1 << 26, timeout: 180_000 },
    );
    return parseOrThrow(
      LighthouseReportSchema,
      JSON.parse(await readFile(out, "utf8")),
      `Lighthouse report for ${url}`,
    );
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new Error(`lighthouse ${url} failed: ${failure.stderr || failure.message}`, { cause: error });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
