import { z } from "zod";

/**
 * Frontmatter of the Markdown the maintainers and grantees write: `content/reports/YYYY-qN.md` (quarterly
 * reports) and `content/writeups/<slug>.md` (program notes, team pages). Unknown keys are errors, so a typo never
 * silently does nothing, and no key can carry a figure: every number about the wallet comes from the snapshot,
 * never from text someone typed. Titles and summaries are shown as plain text, never as Markdown or HTML.
 */

/** A report's file name: the quarter, lower case (`2025-q3.md`); it is also the page's address. */
export const REPORT_FILE_PATTERN = /^([0-9]{4})-q([1-4])\.md$/;

/** A writeup's file name: a lower-case slug (`about-this-site.md`); the stem is the page's address. */
export const WRITEUP_FILE_PATTERN = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** Draft pages are published, and labelled "Draft" wherever they are listed or shown. */
export const ContentStatusSchema = z.enum(["draft", "final"]);
export type ContentStatus = z.infer<typeof ContentStatusSchema>;

/** A key outside the schema is an error that lists the keys that are allowed. */
function strictObject<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape).sort().join(", ");
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? `unknown key (allowed: ${allowed})` : undefined),
  });
}

const common = {
  title: z.string().trim().min(1).max(200),
  /** One or two sentences for the reports index and the page's meta description. */
  summary: z.string().trim().min(1).max(400).optional(),
  /** Who wrote it, as they wish to be named. */
  authors: z.array(z.string().trim().min(1).max(100)).min(1),
  /** Publication day, `YYYY-MM-DD` (quote it or not: YAML 1.2 reads it as text either way). */
  published: z.iso.date({ error: "expected a date as YYYY-MM-DD" }),
  status: ContentStatusSchema,
};

/** A dated correction to a final report: shown below it with its date and announced in the feed. Plain text. */
export const AddendumSchema = strictObject({
  date: z.iso.date({ error: "expected a date as YYYY-MM-DD" }),
  text: z.string().trim().min(1).max(4000),
});
export type Addendum = z.infer<typeof AddendumSchema>;

const FINALIZE_HINT = "npm run new-report -- --finalize YYYY-QN";

/** `content/reports/YYYY-qN.md`. */
export const ReportFrontmatterSchema = strictObject({
  /** The calendar quarter reported on, `YYYY-QN` (either case; stored upper case, as the site prints quarters). */
  quarter: z
    .string()
    .regex(/^[0-9]{4}-[Qq][1-4]$/, "expected a quarter as YYYY-QN, e.g. 2025-Q3")
    .transform((quarter) => quarter.toUpperCase()),
  ...common,
  /**
   * Final reports only, written by `--finalize`: the ledger version of the snapshot run the report's figures are
   * computed at, as quoted digits (a u64 may not fit a YAML number), so a later snapshot never changes them.
   */
  ledgerVersion: z
    .string({ error: 'expected a ledger version as quoted digits, e.g. "1813"' })
    .regex(/^(0|[1-9][0-9]{0,19})$/, 'expected a ledger version as quoted digits, e.g. "1813"')
    .optional(),
  /** Final reports only, written by `--finalize`: sha256 of the Markdown body, so an edit after publishing is caught. */
  bodySha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "expected 64 lower-case hex digits")
    .optional(),
  /** Final reports only: dated corrections, oldest first, one per day. */
  addenda: z.array(AddendumSchema).optional(),
}).superRefine((report, ctx) => {
  if (report.status === "final") {
    for (const key of ["ledgerVersion", "bodySha256"] as const) {
      if (report[key] === undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `a final report is pinned when it is finalised: set it back to draft and run \`${FINALIZE_HINT}\``,
        });
      }
    }
  } else {
    for (const key of ["ledgerVersion", "bodySha256", "addenda"] as const) {
      if (report[key] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `only a final report has it (a draft follows the latest snapshot and may be edited); remove it, or finalise with \`${FINALIZE_HINT}\``,
        });
      }
    }
  }
  const dates = (report.addenda ?? []).map((addendum) => addendum.date);
  dates.forEach((date, index) => {
    const previous = dates[index - 1];
    if (date < report.published) {
      ctx.addIssue({
        code: "custom",
        path: ["addenda", index, "date"],
        message: `is before the report was published (${report.published})`,
      });
    } else if (previous !== undefined && date <= previous) {
      ctx.addIssue({
        code: "custom",
        path: ["addenda", index, "date"],
        message: `addenda are listed oldest first, one per day (${date} follows ${previous}); put one day's corrections in one text`,
      });
    }
  });
});

/** `content/writeups/<slug>.md`. */
export const WriteupFrontmatterSchema = strictObject(common);

/** A report as the content collection holds it: frontmatter plus the Markdown body (rendered by the page). */
export const ReportEntrySchema = ReportFrontmatterSchema.safeExtend({
  /** The Markdown after the frontmatter, unrendered. */
  body: z.string(),
  /** Line of the file where `body` starts (messages about the body name lines of the file). */
  bodyLine: z.number().int().min(1),
  /** Path of the source file, relative to the project, for messages. */
  file: z.string(),
});
export type ReportEntry = z.output<typeof ReportEntrySchema>;

export const WriteupEntrySchema = WriteupFrontmatterSchema.safeExtend({
  body: z.string(),
  bodyLine: z.number().int().min(1),
  file: z.string(),
});
export type WriteupEntry = z.output<typeof WriteupEntrySchema>;
