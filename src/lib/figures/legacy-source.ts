/**
 * Where a legacy-era figure comes from: an imported legacy file (`legacy/exports.json`, …), the record(s) in it in
 * the notation of `figure-source.ts`, and the file's sha256 from the legacy manifest. Legacy files were not read at
 * a ledger version of today's chain, so they carry the file's hash instead; a figure that is one v5 transaction
 * also names its version (on the v5 chain, which no explorer serves today).
 */
export interface LegacyFigureSource {
  /** `legacy/<file>.json`. */
  file: string;
  record: string;
  /** The file's sha256, as the legacy manifest lists it. */
  sha256: string;
  /** The v5 transaction version, for a figure that is one transaction. */
  txVersion?: string;
  /** The published file. */
  href: string;
}

/** The URL the site serves a legacy file at, byte for byte (`src/pages/data/snapshot/legacy/[file].ts`). */
export function legacyFileHref(name: string): string {
  return `/data/snapshot/legacy/${name}`;
}

export function legacySource(
  name: string,
  record: string,
  sha256: ReadonlyMap<string, string>,
  txVersion?: string,
): LegacyFigureSource {
  const hash = sha256.get(name);
  if (hash === undefined) throw new RangeError(`not a legacy file: ${name}`);
  const source: LegacyFigureSource = { file: `legacy/${name}`, record, sha256: hash, href: legacyFileHref(name) };
  if (txVersion !== undefined) source.txVersion = txVersion;
  return source;
}

/** The source as `data-` attributes: `data-source-file`, `data-source-record`, `data-source-sha256`, `data-tx-version`. */
export function legacySourceAttributes(source: LegacyFigureSource): Record<string, string> {
  const attributes: Record<string, string> = {
    "data-source-file": source.file,
    "data-source-record": source.record,
    "data-source-sha256": source.sha256,
  };
  if (source.txVersion !== undefined) attributes["data-tx-version"] = source.txVersion;
  return attributes;
}

export function legacySourceTitle(source: LegacyFigureSource): string {
  const tx = source.txVersion === undefined ? "" : `, v5 transaction version ${source.txVersion}`;
  return `Source: ${source.file}, ${source.record}, imported legacy file (sha256 ${source.sha256.slice(0, 12)}…)${tx}`;
}
