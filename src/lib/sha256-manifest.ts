/**
 * The text of `dist/manifest.sha256`: one line per published file in the format of GNU `sha256sum` (the hash, two
 * spaces, the path relative to `dist/`), so anyone can check a downloaded copy with `sha256sum -c manifest.sha256`
 * and compare two builds with `diff`. Lines are sorted by the UTF-8 bytes of the path (what `LC_ALL=C sort` does),
 * never by locale, so the file itself is the same bytes on every machine. Writing it to `dist/` and checking a build
 * against it are src/store/dist-manifest.ts.
 */

/** One published file: its path relative to `dist/` with forward slashes, and the sha256 of its bytes in hex. */
export interface FileDigest {
  readonly path: string;
  readonly sha256: string;
}

const utf8 = new TextEncoder();

/** Compares two strings by their UTF-8 bytes (JS `<` compares UTF-16 code units, which differs above U+FFFF). */
export function compareUtf8(a: string, b: string): number {
  const left = utf8.encode(a);
  const right = utf8.encode(b);
  const shared = Math.min(left.length, right.length);
  for (let i = 0; i < shared; i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

// sha256sum escapes a name with a backslash, CR or LF (and marks the line with a leading "\"); our own files never
// have such names, so refuse them instead of writing a second line format.
const UNSAFE_CHARACTER = /[\\\r\n]/;

function checkPath(path: string): void {
  if (path === "" || UNSAFE_CHARACTER.test(path)) {
    throw new Error(`Cannot list ${JSON.stringify(path)} in manifest.sha256: empty, or a backslash or line break.`);
  }
  const segments = path.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    throw new Error(
      `Cannot list ${JSON.stringify(path)} in manifest.sha256: paths are relative to dist/, with "/" between names.`,
    );
  }
}

/** Formats the manifest (see module comment). Throws on a malformed hash or path, or a path listed twice. */
export function formatSha256Manifest(files: readonly FileDigest[]): string {
  for (const file of files) {
    checkPath(file.path);
    if (!/^[0-9a-f]{64}$/.test(file.sha256)) {
      throw new Error(
        `The sha256 of ${file.path} must be 64 lower-case hex digits (got ${JSON.stringify(file.sha256)}).`,
      );
    }
  }
  const sorted = [...files].sort((a, b) => compareUtf8(a.path, b.path));
  const duplicate = sorted.find((file, i) => i > 0 && sorted[i - 1]?.path === file.path);
  if (duplicate) throw new Error(`${duplicate.path} is listed twice in manifest.sha256.`);
  return sorted.map((file) => `${file.sha256}  ${file.path}\n`).join("");
}

const LINE = /^([0-9a-f]{64}) {2}(.+)$/;

/** One line of the manifest (without its line feed) as the file it lists, or null when it is not such a line. */
export function parseSha256Line(line: string): FileDigest | null {
  const match = LINE.exec(line);
  if (!match?.[1] || !match[2]) return null;
  return { path: match[2], sha256: match[1] };
}
