import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttp, createRetryPause, type ProviderOptions } from "../../../src/chain/provider.ts";
import { createRunStop } from "../../../src/chain/run-stop.ts";
import { ChainRequestError } from "../../../src/errors.ts";

/**
 * The HTTP provider's bounds, with a fake fetch (and a fake clock and sleep where time matters) and, for what only a
 * real socket shows (a body that trickles), a local server.
 */

const URL_BASE = "http://node.test/v1";
const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

interface FakeFetch {
  fetch: typeof fetch;
  calls: Array<{ url: string; init: RequestInit | undefined }>;
}

function fakeFetch(answer: (call: number, init: RequestInit | undefined) => Response | Promise<Response>): FakeFetch {
  const calls: FakeFetch["calls"] = [];
  const fetchFn = (async (url: URL | RequestInfo, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    return answer(calls.length, init);
  }) as typeof fetch;
  return { fetch: fetchFn, calls };
}

/** A clock that only moves when the provider sleeps. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

function send(options: Partial<ProviderOptions> & Pick<ProviderOptions, "fetch">) {
  return createHttp({ timeoutMs: 5_000, retry: policy, random: () => 0.5, ...options });
}

const get = { url: URL_BASE, method: "GET" } as const;

/** A body stream of `chunks` chunks of `size` bytes, counting how many were pulled. */
function countedBody(chunks: number, size: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) controller.close();
      else {
        pulled++;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      }
    },
  });
  return { stream, pulled: () => pulled };
}

describe("response size limit", () => {
  it("stops reading a body past the limit, does not retry, and names the URL and the limit", async () => {
    const body = countedBody(1_000, 1024);
    const fake = fakeFetch(() => new Response(body.stream, { status: 200 }));
    const http = send({ fetch: fake.fetch, maxResponseBytes: 10 * 1024 });
    const failure = http(get);
    await expect(failure).rejects.toThrow(ChainRequestError);
    await expect(failure).rejects.toThrow(
      `GET ${URL_BASE}: the node sent a body larger than the 10 kB limit for one answer`,
    );
    expect(fake.calls).toHaveLength(1);
    // Read as it arrives: stopped a chunk or two past the limit, never the whole 1 000 kB.
    expect(body.pulled()).toBeLessThanOrEqual(13);
  });

  it("refuses a declared Content-Length past the limit before reading anything", async () => {
    const body = countedBody(1_000, 1024);
    const fake = fakeFetch(
      () => new Response(body.stream, { status: 200, headers: { "content-length": String(1_000 * 1024) } }),
    );
    await expect(send({ fetch: fake.fetch, maxResponseBytes: 10 * 1024 })(get)).rejects.toThrow(
      "a body of 1024000 bytes, larger than the 10 kB limit",
    );
    expect(body.pulled()).toBeLessThanOrEqual(1);
  });

  it("counts inflated bytes of a compressed body and says it inflates", async () => {
    const body = countedBody(1_000, 1024);
    const fake = fakeFetch(() => new Response(body.stream, { status: 200, headers: { "content-encoding": "gzip" } }));
    await expect(send({ fetch: fake.fetch, maxResponseBytes: 10 * 1024 })(get)).rejects.toThrow(
      "a gzip-compressed body that inflates past the 10 kB limit",
    );
  });

  it("accepts a body exactly at the limit", async () => {
    const text = JSON.stringify({ a: "x".repeat(100) });
    const fake = fakeFetch(() => new Response(text, { status: 200 }));
    const answer = await send({ fetch: fake.fetch, maxResponseBytes: Buffer.byteLength(text) })(get);
    expect(answer.data).toEqual({ a: "x".repeat(100) });
  });
});

describe("a request's own JSON parser", () => {
  /** A body of the given bytes in chunks of 3, so that a character may be split between two chunks. */
  const chunked = (bytes: Uint8Array) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 3) controller.enqueue(bytes.slice(at, at + 3));
        controller.close();
      },
    });
  const encode = (text: string) => new TextEncoder().encode(text);

  it("is given the body's bytes whole, across chunks, and its value is the answer's data", async () => {
    const body = encode('{"description":"café ☕","n":[1,2]}');
    const given: Uint8Array[] = [];
    const fake = fakeFetch(() => new Response(chunked(body), { status: 200 }));
    const answer = await send({ fetch: fake.fetch })({
      ...get,
      parseJson: (bytes) => {
        given.push(bytes);
        return JSON.parse(new TextDecoder().decode(bytes));
      },
    });
    expect(given.map((bytes) => [...bytes])).toEqual([[...body]]);
    expect(answer.data).toEqual({ description: "café ☕", n: [1, 2] });
  });

  it("is not asked for an empty body or one opening with a byte order mark, which read as the text does", async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    for (const [body, data] of [
      [new Uint8Array(0), null],
      [bom, null],
      [new Uint8Array([...bom, ...encode('{"a":1}')]), { a: 1 }],
    ] as const) {
      const fake = fakeFetch(() => new Response(chunked(body), { status: 200 }));
      const parseJson = () => {
        throw new Error("the request's parser was asked");
      };
      const answer = await send({ fetch: fake.fetch })({ ...get, parseJson });
      expect(answer.data).toEqual(data);
    }
  });

  it("leaves the body's text as the data when it does not parse, as without a parser", async () => {
    const text = "<html>not here ☹</html>";
    const fake = fakeFetch(() => new Response(chunked(encode(text)), { status: 404 }));
    const parseJson = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes));
    const answer = await send({ fetch: fake.fetch })({ ...get, parseJson });
    expect(answer.status).toBe(404);
    expect(answer.data).toBe(text);
  });
});

describe("redirects", () => {
  it.each([301, 302, 307, 308])(
    "a %i is a node failure naming its Location, asked for with redirect: manual",
    async (status) => {
      const fake = fakeFetch(() => new Response(null, { status, headers: { location: "http://elsewhere.test/v1/" } }));
      await expect(send({ fetch: fake.fetch })(get)).rejects.toThrow(
        `GET ${URL_BASE}: the node answered ${status} and pointed to http://elsewhere.test/v1/. Redirects are not followed`,
      );
      expect(fake.calls).toHaveLength(1);
      expect(fake.calls[0]?.init?.redirect).toBe("manual");
    },
  );
});

describe("Retry-After and 429", () => {
  const rateLimited = (retryAfter?: string) =>
    fakeFetch(
      () =>
        new Response("Too Many Requests", {
          status: 429,
          headers: retryAfter === undefined ? {} : { "retry-after": retryAfter },
        }),
    );

  it("fails at once when Retry-After would sleep past the run's deadline, without sleeping", async () => {
    const time = fakeTime();
    const fake = rateLimited("999999");
    const http = send({ fetch: fake.fetch, ...time, deadlineMs: time.now() + 12_000 });
    await expect(http(get)).rejects.toThrow(
      `GET ${URL_BASE} got rate limited (HTTP 429), and the node asked to wait 999999 s (Retry-After), beyond the run's deadline in 12 s.`,
    );
    expect(time.slept).toEqual([]);
    expect(fake.calls).toHaveLength(1);
  });

  it("reads an HTTP-date Retry-After the same way", async () => {
    const time = fakeTime(Date.UTC(2026, 0, 1));
    const fake = rateLimited("Fri, 01 Jan 2027 00:00:00 GMT");
    const http = send({ fetch: fake.fetch, ...time, deadlineMs: time.now() + 60_000 });
    await expect(http(get)).rejects.toThrow(
      "asked to wait 31536000 s (Retry-After), beyond the run's deadline in 60 s",
    );
  });

  it("caps a single Retry-After even without a deadline", async () => {
    const time = fakeTime();
    const http = send({ fetch: rateLimited("301").fetch, ...time });
    await expect(http(get)).rejects.toThrow(
      "asked to wait 301 s (Retry-After), longer than the longest wait Ledgerlight accepts (300 s)",
    );
    expect(time.slept).toEqual([]);
  });

  it("honours a Retry-After within the deadline and the cap", async () => {
    const time = fakeTime();
    let calls = 0;
    const fake = fakeFetch(() =>
      ++calls === 1
        ? new Response("", { status: 429, headers: { "retry-after": "7" } })
        : new Response("{}", { status: 200 }),
    );
    await send({ fetch: fake.fetch, ...time, deadlineMs: time.now() + 60_000 })(get);
    expect(time.slept).toEqual([7_000]);
  });

  it("reports 429s that outlast the retries as rate limited", async () => {
    const time = fakeTime();
    await expect(send({ fetch: rateLimited().fetch, ...time })(get)).rejects.toThrow(
      "failed after 3 attempts; the last one got rate limited (HTTP 429).",
    );
  });
});

describe("one stop per run", () => {
  it("a read that fails for good stops the run: later reads send nothing and report the first failure", async () => {
    const run = createRunStop();
    const fake = fakeFetch(() => new Response(null, { status: 302, headers: { location: "http://x.test/" } }));
    const http = send({ fetch: fake.fetch, run });
    await expect(http(get)).rejects.toThrow("answered 302");
    expect(run.stopped).toBe(true);
    await expect(http({ url: `${URL_BASE}/other`, method: "GET" })).rejects.toThrow(
      `GET ${URL_BASE}: the node answered 302`,
    );
    expect(fake.calls).toHaveLength(1);
  });

  it("aborts a request in flight when the run stops", async () => {
    const run = createRunStop();
    const fake = fakeFetch(
      (_call, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    );
    const inFlight = send({ fetch: fake.fetch, run, timeoutMs: 60_000 })(get);
    const first = new ChainRequestError("the first failure", { url: URL_BASE });
    run.stop(first);
    await expect(inFlight).rejects.toBe(first);
  });

  it("aborts a retry sleep when the run stops", async () => {
    const run = createRunStop();
    const fake = fakeFetch(() => new Response("{}", { status: 500 }));
    const http = createHttp({
      timeoutMs: 5_000,
      retry: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      fetch: fake.fetch,
      run,
    });
    const started = performance.now();
    const read = http(get);
    setTimeout(() => run.stop(new ChainRequestError("stopped elsewhere", { url: URL_BASE })), 50);
    await expect(read).rejects.toThrow("stopped elsewhere");
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(fake.calls).toHaveLength(1);
  });

  it("a retry pause ends with the run's failure", async () => {
    const run = createRunStop();
    const pause = createRetryPause({
      timeoutMs: 1_000,
      retry: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      run,
    });
    const waiting = pause(1);
    run.stop(new Error("over"));
    await expect(waiting).rejects.toThrow("over");
  });

  it("a run's part stops with the whole, but not the other way round", () => {
    const whole = createRunStop();
    const part = createRunStop(whole.signal);
    const other = createRunStop(whole.signal);
    part.stop(new Error("part"));
    expect(whole.stopped).toBe(false);
    whole.stop(new Error("whole"));
    expect(other.stopped).toBe(true);
    expect(() => other.throwIfStopped()).toThrow("whole");
    expect(() => part.throwIfStopped()).toThrow("part");
  });

  it("a released part no longer follows the whole", () => {
    const whole = createRunStop();
    const part = createRunStop(whole.signal);
    part.release();
    whole.stop(new Error("whole"));
    expect(part.stopped).toBe(false);
  });
});

describe("timeouts over a real socket", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      // Headers at once, then one byte every 100 ms of a 100-byte body: 10 s in all.
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent++ >= 100) clearInterval(timer);
        else res.write(" ");
      }, 100);
      req.on("close", () => clearInterval(timer));
      res.on("close", () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("the per-request timeout covers the whole body, not only the headers", async () => {
    const http = createHttp({ timeoutMs: 300, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const started = performance.now();
    await expect(http({ url: base, method: "GET" })).rejects.toThrow(
      "the last one got no answer within 300 ms (--timeout-ms, the whole body included)",
    );
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("the run's deadline cuts an attempt short and is named", async () => {
    const http = createHttp({ timeoutMs: 60_000, deadlineMs: Date.now() + 300 });
    const started = performance.now();
    await expect(http({ url: base, method: "GET" })).rejects.toThrow(
      `GET ${base}: the run's deadline (--deadline-s) passed before the node answered.`,
    );
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
