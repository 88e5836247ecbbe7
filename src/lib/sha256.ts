import { createHash } from "node:crypto";

/**
 * The one sha256 every manifest uses (the snapshot's and the legacy folder's `manifest.json`, `dist/manifest.sha256`):
 * lower-case hex of the digest. Text is hashed as its UTF-8 bytes, which is what the files on disk hold.
 */
export function sha256Hex(bytes: string | Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
