/**
 * CSV for the site's downloads, per RFC 4180: records end with CRLF (the last one too), a field is quoted when it
 * contains `"`, `,`, CR or LF, and quotes inside a quoted field are doubled.
 *
 * Formula injection: spreadsheet programs (Excel, LibreOffice, Google Sheets) run a cell that starts with `=`,
 * `+`, `-` or `@` as a formula, and a leading tab or CR can smuggle one past their checks. Our text fields carry
 * on-chain strings anyone can write (payment descriptions), so a downloaded table could otherwise make an auditor's
 * spreadsheet fetch URLs or run commands. Such text fields get a leading `'`, which spreadsheets read as "this is
 * text" (OWASP's recommendation). The prefix changes the bytes, so it is applied only to text: numbers passed as
 * bigint or number (amounts, versions, epochs) are written as plain digits with their sign, never prefixed, so
 * they stay machine-readable. Exact raw text is always available in the JSON downloads.
 */

export type CsvField = string | bigint | number | null;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

function encodeField(value: CsvField): string {
  let text: string;
  if (value === null) {
    text = "";
  } else if (typeof value === "bigint") {
    text = value.toString(10);
  } else if (typeof value === "number") {
    // Integers only: fractions would invite float artefacts into an audit file, and above 2^53 a number is no
    // longer exact (and `toString` switches to exponent notation from 1e21). Amounts belong in bigint.
    if (!Number.isSafeInteger(value)) throw new RangeError(`CSV numbers must be safe integers, got ${value}`);
    text = value.toString(10);
  } else {
    text = FORMULA_START.test(value) ? `'${value}` : value;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function encodeRecord(fields: readonly CsvField[]): string {
  // A record of one empty field would be a blank line, which many readers skip; `""` keeps the row.
  if (fields.length === 1 && (fields[0] === null || fields[0] === "")) return '""\r\n';
  return `${fields.map(encodeField).join(",")}\r\n`;
}

/**
 * The header line then one line per row. Every row must have as many fields as the header (RFC 4180 §2.4), so a
 * misaligned table fails here instead of shifting columns silently in a download.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvField[]>): string {
  let out = "";
  for (const record of csvRecords(header, rows)) out += record;
  return out;
}

/** The same CSV as `toCsv`, one record (line) at a time, for writing a large table without one whole string. */
export function* csvRecords(header: readonly string[], rows: Iterable<readonly CsvField[]>): Generator<string> {
  if (header.length === 0) throw new RangeError("a CSV needs at least one column");
  yield encodeRecord(header);
  let index = 0;
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new RangeError(`CSV row ${index} has ${row.length} fields, the header has ${header.length}`);
    }
    yield encodeRecord(row);
    index += 1;
  }
}
