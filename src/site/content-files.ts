import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { ValidationError } from "../errors.ts";
import { reportBodySha256 } from "../lib/reports/frozen-report.ts";
import {
  REPORT_FILE_PATTERN,
  type ReportEntry,
  ReportFrontmatterSchema,
  WRITEUP_FILE_PATTERN,
  type WriteupEntry,
  WriteupFrontmatterSchema,
} from "../schemas/writeup.ts";

/**
 * Reads one Markdown file of `content/reports/` or `content/writeups/` from its text: frontmatter checked against
 * its schema, file name checked against its rules. No I/O, so every rule is unit-tested without a build. Errors
 * name the file (as given in `file`) and the key.
 */

const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Splits `---` YAML frontmatter from the Markdown body. The frontmatter is required. `bodyLine` is the file's line
 * number of the body's first line, so messages about the body can name lines of the file.
 */
export function splitFrontmatter(file: string, text: string): { data: unknown; body: string; bodyLine: number } {
  // A byte order mark some editors write would hide the opening `---`.
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const match = FRONTMATTER.exec(source);
  if (!match) {
    throw new ValidationError(
      `${file} has no frontmatter: start the file with a line "---", the YAML keys, and another line "---".`,
    );
  }
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "", { uniqueKeys: true });
  } catch (error) {
    const reason = error instanceof YAMLParseError ? error.message : String(error);
    throw new ValidationError(`${file} frontmatter is not valid YAML: ${reason}`, { cause: error });
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ValidationError(`${file} frontmatter must be YAML keys and values (a mapping).`);
  }
  const bodyLine = 1 + (match[0].match(/\n/g)?.length ?? 0);
  return { data, body: source.slice(match[0].length), bodyLine };
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Checks frontmatter against its schema. Every problem is one line naming its key, an unknown key included (zod
 * reports those on the object, so they are split out here).
 */
function parseFrontmatter<S extends z.ZodType>(schema: S, data: unknown, file: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const record = data as Record<string, unknown>;
  const problems = result.error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `  - ${key}: ${issue.message}`);
    const key = issue.path.map(String).join(".");
    return [`  - ${key || "(frontmatter)"}: ${issue.message} (found ${describe(record[String(issue.path[0])])})`];
  });
  throw new ValidationError(`${file} frontmatter is not valid:\n${problems.join("\n")}`, { cause: result.error });
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

/** `content/reports/2025-q3.md`: id `2025-q3`. The file name and the `quarter` key must agree. */
export function parseReportFile(file: string, text: string): { id: string; entry: ReportEntry } {
  const name = baseName(file);
  const match = REPORT_FILE_PATTERN.exec(name);
  if (!match) {
    throw new ValidationError(
      `${file}: a report's file name is its quarter, YYYY-qN.md (for example 2025-q3.md), not "${name}".`,
    );
  }
  const { data, body, bodyLine } = splitFrontmatter(file, text);
  const frontmatter = parseFrontmatter(ReportFrontmatterSchema, data, file);
  const id = `${match[1]}-q${match[2]}`;
  if (frontmatter.quarter.toLowerCase() !== id) {
    throw new ValidationError(
      `${file} frontmatter is not valid:\n  - quarter: "${frontmatter.quarter}" does not match the file name (expected ${id.toUpperCase()}, or rename the file).`,
    );
  }
  // A published report never changes: its body is fingerprinted when it is finalised.
  if (frontmatter.bodySha256 !== undefined && reportBodySha256(body) !== frontmatter.bodySha256) {
    throw new ValidationError(
      `${file}: the text of this final report changed after it was finalised (its sha256 is no longer bodySha256). A published report never changes: undo the edit and add a dated correction under \`addenda:\` in its frontmatter instead (README, "Reports and writeups").`,
    );
  }
  return { id, entry: { ...frontmatter, body, bodyLine, file } };
}

/** `content/writeups/about-this-site.md`: id `about-this-site`. */
export function parseWriteupFile(file: string, text: string): { id: string; entry: WriteupEntry } {
  const name = baseName(file);
  const match = WRITEUP_FILE_PATTERN.exec(name);
  if (!match?.[1]) {
    throw new ValidationError(
      `${file}: a writeup's file name becomes its address, so it must be lower-case letters, digits and single hyphens, ending in .md (for example about-this-site.md), not "${name}".`,
    );
  }
  const { data, body, bodyLine } = splitFrontmatter(file, text);
  const frontmatter = parseFrontmatter(WriteupFrontmatterSchema, data, file);
  return { id: match[1], entry: { ...frontmatter, body, bodyLine, file } };
}
