/**
 * A download's response made of bytes already in memory, which the build takes as they are.
 *
 * Astro's build reads every endpoint's body with `Response.arrayBuffer()`, and Node's fetch (undici) answers it by
 * collecting the body's chunks, concatenating them (`Buffer.concat`) and copying the result once more into a new
 * ArrayBuffer: two fresh copies of every download, ~330 MB at bench scale 1. Measured alone, a 58 MB body cost
 * ~0.5 s of CPU that way (as one chunk or as 64 kB ones; a byte-array body, copied once more on the way in,
 * ~1.2 s), and the fresh copies made the build's collector run more often. This response's `arrayBuffer()` hands
 * over the bytes' own buffer (0.3 ms); the bytes are made once, whole, by the route, and nothing writes into them
 * afterwards. Any other reader (the dev server, `clone()`, `text()`) reads the ordinary body: the same bytes as a
 * stream of one chunk.
 */
class BytesResponse extends Response {
  readonly #bytes: Uint8Array<ArrayBuffer>;

  constructor(bytes: Uint8Array<ArrayBuffer>, contentType: string) {
    super(oneChunk(bytes), { headers: { "content-type": contentType } });
    this.#bytes = bytes;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.#bytes;
    // The buffer is handed over only when it is exactly the bytes; a view into a larger buffer is copied out.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    return Promise.resolve(whole ? bytes.buffer : bytes.slice().buffer);
  }
}

function oneChunk(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** A response whose body is `bytes`, which the build writes without copying them (see `BytesResponse`). */
export function bytesResponse(bytes: Uint8Array<ArrayBuffer>, contentType: string): Response {
  return new BytesResponse(bytes, contentType);
}

/** A text body (already a string in memory) as a `bytesResponse` of its UTF-8. */
export function textResponse(text: string, contentType: string): Response {
  return new BytesResponse(new TextEncoder().encode(text), contentType);
}
