import { ValidationError } from "../../errors.ts";
import type { Snapshot } from "../../schemas/snapshot.ts";
import { recordedRunVersions, snapshotAsOf } from "../ledger/as-of.ts";
import { parseU64 } from "../money.ts";
import { quarterBounds } from "../periods.ts";
import { sha256Hex } from "../sha256.ts";

/**
 * Frozen reports: a final report is pinned to the ledger version of a recorded snapshot run and computed from the
 * snapshot as it stood then (`snapshotAsOf`), and its body is fingerprinted, so neither a later snapshot nor a later
 * edit changes what was published. A correction is a dated addendum in the frontmatter.
 */

/** The fingerprint `--finalize` stores as `bodySha256`: sha256 of the Markdown body's UTF-8 bytes, exactly. */
export function reportBodySha256(body: string): string {
  return sha256Hex(body);
}

/** The snapshot a report's figures are computed from, and how the page introduces them. */
export interface ReportFigures {
  /** `final`: pinned at `ledgerVersion`; `draft`: the latest snapshot, whose version it is. */
  status: "final" | "draft";
  ledgerVersion: bigint;
  /** Block time of that ledger version (µs): the run's own record. */
  timestampUsec: bigint;
  snapshot: Snapshot;
}

/**
 * What `report`'s figures are computed from: a draft follows the latest snapshot; a final report the snapshot as of
 * its pin. Refuses (ValidationError naming the file) a final report without a pin, or pinned to a version newer
 * than the committed snapshot or not a recorded run of it.
 */
export function reportFigures(
  report: { file: string; status: "final" | "draft"; ledgerVersion?: string | undefined },
  snapshot: Snapshot,
): ReportFigures {
  if (report.status === "draft") {
    return {
      status: "draft",
      ledgerVersion: snapshot.meta.ledgerVersion,
      timestampUsec: snapshot.meta.ledgerTimestampUsec,
      snapshot,
    };
  }
  if (report.ledgerVersion === undefined) {
    throw new ValidationError(
      `${report.file}: a final report must be pinned to a ledger version; set it back to draft and run \`npm run new-report -- --finalize <quarter>\`.`,
    );
  }
  let pin: bigint;
  try {
    pin = parseU64(report.ledgerVersion);
  } catch (error) {
    throw new ValidationError(`${report.file}: ledgerVersion ${report.ledgerVersion} is not a ledger version (u64).`, {
      cause: error,
    });
  }
  const latest = snapshot.meta.ledgerVersion;
  if (pin > latest) {
    throw new ValidationError(
      `${report.file}: ledgerVersion ${pin} is newer than the committed snapshot (ledger version ${latest}); a report can only be pinned to a snapshot that is committed. Commit the snapshot it was finalised at, or correct the pin.`,
    );
  }
  if (!recordedRunVersions(snapshot).includes(pin)) {
    throw new ValidationError(
      `${report.file}: ledgerVersion ${pin} is not a recorded snapshot run (changes.json records ${recordedRunVersions(snapshot).join(", ")}); a report is pinned to a version the snapshot was read at.`,
    );
  }
  let asOf: Snapshot;
  try {
    asOf = snapshotAsOf(snapshot, pin);
  } catch (error) {
    throw new ValidationError(`${report.file}: ${(error as Error).message}`, { cause: error });
  }
  return { status: "final", ledgerVersion: pin, timestampUsec: asOf.meta.ledgerTimestampUsec, snapshot: asOf };
}

/**
 * True when `quarter` has not ended by the clock of a snapshot read at `snapshotUsec` (never the machine's clock):
 * a report on it cannot be finalised yet, as movements of the quarter may still come.
 */
export function quarterNotEnded(quarter: string, snapshotUsec: bigint): boolean {
  return quarterBounds(quarter).endUsec > snapshotUsec;
}

/**
 * The report file's text, finalised: `status: draft` becomes `status: final`, and the pin and the body's
 * fingerprint are added as the frontmatter's last keys. Every other byte stays as it was. `body` is the Markdown
 * after the frontmatter, as the content reader split it (so the frontmatter is the text before it).
 */
export function finalizedReportText(text: string, body: string, ledgerVersion: bigint): string {
  if (!text.endsWith(body)) throw new Error("the body is not the end of the text");
  const frontmatter = text.slice(0, text.length - body.length);
  const status = /^status:[ \t]*(["']?)draft\1[ \t]*(?:#.*)?$/m;
  if (!status.test(frontmatter)) {
    throw new ValidationError("the frontmatter has no line `status: draft` to finalise.");
  }
  const closing = frontmatter.lastIndexOf("\n---");
  if (closing < 0) throw new ValidationError("the frontmatter has no closing `---` line.");
  const eol = frontmatter.includes("\r\n") ? "\r\n" : "\n";
  // The closing line's own line break (CRLF files keep theirs) is the one before `---`.
  const lineStart = frontmatter[closing - 1] === "\r" ? closing - 1 : closing;
  const pinLines = `${eol}ledgerVersion: "${ledgerVersion}"${eol}bodySha256: ${reportBodySha256(body)}`;
  const head = frontmatter.slice(0, lineStart).replace(status, "status: final");
  return `${head}${pinLines}${frontmatter.slice(lineStart)}${body}`;
}
