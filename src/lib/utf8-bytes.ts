/**
 * Many strings as one UTF-8 byte array, without first joining them into one string: a 10^5-row download is tens
 * of MB, and a whole-file string beside its bytes (and the array of its lines before that) cost the build more
 * memory at once than anything else it does. Pieces are encoded in batches of about `BATCH` characters, then
 * copied once into the result. Pieces are never split, so a character is never cut in two.
 */
const BATCH = 1 << 16;

/** The pieces as encoded batches of about `BATCH` characters each. */
function* utf8Batches(pieces: Iterable<string>): Generator<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  let batch = "";
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= BATCH) {
      yield encoder.encode(batch);
      batch = "";
    }
  }
  if (batch !== "") yield encoder.encode(batch);
}

export function utf8Bytes(pieces: Iterable<string>): Uint8Array<ArrayBuffer> {
  const chunks = [...utf8Batches(pieces)];
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
