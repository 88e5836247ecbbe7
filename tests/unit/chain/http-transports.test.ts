import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchTransport } from "../../../src/chain/fetch-transport.ts";
import { nodeHttpTransport } from "../../../src/chain/node-http-transport.ts";
import { createHttp, type ProviderOptions } from "../../../src/chain/provider.ts";
import { createRunStop } from "../../../src/chain/run-stop.ts";
import type { Transport } from "../../../src/chain/transport.ts";
import { ChainRequestError } from "../../../src/errors.ts";

/**
 * Every bound of the provider over a real socket (a server on 127.0.0.1 inside the test), for both transports: the
 * default `node:http` one, and `fetch`. Each route below is one behaviour of a hostile or broken node.
 */

type Route = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;
interface Seen {
  requests: number;
  /** Body bytes the route managed to hand to the socket before the client went away. */
  written: number;
  closed: boolean;
  headers: IncomingMessage["headers"][];
  bodies: string[];
}

const MB = 1024 * 1024;
const bigJson = Buffer.from(JSON.stringify({ pad: "x".repeat(3 * MB) }));

/** Writes `total` bytes of spaces in 64 kB pieces as fast as the client takes them, counting what was written. */
function pour(res: ServerResponse, total: number, seen: Seen) {
  const piece = Buffer.alloc(64 * 1024, 0x20);
  const more = () => {
    while (seen.written < total && !res.destroyed) {
      seen.written += piece.length;
      if (!res.write(piece)) return;
    }
    if (seen.written >= total) res.end();
  };
  res.on("drain", more);
  more();
}

const routes: Record<string, Route> = {
  "/ok": (req, res, seen) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.bodies.push(body);
      res.writeHead(200, { "Content-Type": "application/json", "X-Diem-Ledger-Version": "42", "Set-Thing": "b" });
      res.end(JSON.stringify({ method: req.method, body }));
    });
  },
  "/trickle": (_req, res) => {
    // Headers at once, then one byte every 100 ms of a 100-byte body: 10 s in all.
    res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
    const timer = setInterval(() => res.write(" "), 100);
    res.on("close", () => clearInterval(timer));
  },
  "/endless": (_req, res, seen) => {
    res.writeHead(200, { "content-type": "application/json" });
    pour(res, 256 * MB, seen);
  },
  "/declared": (_req, res) => {
    // Declares 20 MB and sends nothing more: refused on the declaration alone, not by a timeout.
    res.writeHead(200, { "content-type": "application/json", "content-length": String(20 * MB) });
    res.flushHeaders();
  },
  "/gzip-bomb": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
    res.end(gzipSync(Buffer.alloc(32 * MB, 0x20)));
  },
  "/br-bomb": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "br" });
    res.end(brotliCompressSync(Buffer.alloc(32 * MB, 0x20)));
  },
  "/gzip": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
    res.end(gzipSync(bigJson));
  },
  "/deflate": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "deflate" });
    res.end(deflateSync(Buffer.from('{"deflated":true}')));
  },
  "/br": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "br" });
    res.end(brotliCompressSync(Buffer.from('{"brotli":true}')));
  },
  "/truncated": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
    res.write('{"cut": "');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  "/redirect": (_req, res) => {
    res.writeHead(302, { location: "http://elsewhere.test/v1/" });
    res.end("moved");
  },
  "/rate-limited": (_req, res, seen) => {
    if (seen.requests === 1) {
      res.writeHead(429, { "retry-after": "2" });
      res.end("Too Many Requests");
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"after":"wait"}');
    }
  },
  "/plain": (_req, res) => {
    // A declared length, the body in 64 kB writes (it arrives in many chunks).
    res.writeHead(200, { "content-type": "application/json", "content-length": String(bigJson.length) });
    for (let at = 0; at < bigJson.length; at += 64 * 1024) res.write(bigJson.subarray(at, at + 64 * 1024));
    res.end();
  },
  "/gzip-sized": (_req, res) => {
    const body = gzipSync(bigJson);
    res.writeHead(200, {
      "content-type": "application/json",
      "content-encoding": "gzip",
      "content-length": String(body.length),
    });
    res.end(body);
  },
  "/chunked": (_req, res) => {
    // No declared length: chunked transfer coding.
    res.writeHead(200, { "content-type": "application/json" });
    for (let at = 0; at < bigJson.length; at += 64 * 1024) res.write(bigJson.subarray(at, at + 64 * 1024));
    res.end();
  },
  "/hang": () => {},
  "/bom": (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom":1}')]));
  },
  "/empty": (_req, res) => {
    res.writeHead(200);
    res.end();
  },
  "/html": (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html>proxy error</html>");
  },
};

let server: Server;
let base: string;
const seenBy = new Map<string, Seen>();
const seen = (route: string) => seenBy.get(route) as Seen;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = (req.url ?? "").replace(/^\/[a-z]+(?=\/)/, "").split("?")[0] as string;
    const handler = routes[route];
    let record = seenBy.get(req.url ?? "");
    if (!record) {
      record = { requests: 0, written: 0, closed: false, headers: [], bodies: [] };
      seenBy.set(req.url ?? "", record);
    }
    record.requests++;
    record.headers.push(req.headers);
    const current = record;
    res.on("close", () => {
      current.closed = true;
    });
    if (handler) handler(req, res, current);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const transports: Array<[string, Transport]> = [
  ["node:http", nodeHttpTransport],
  ["fetch", fetchTransport(fetch)],
];

describe.each(transports)("over %s", (name, transport) => {
  /** Each transport's requests go to their own paths, so the server's counts are per transport. */
  const at = (route: string) => `/${name === "fetch" ? "fetch" : "node"}${route}`;
  const http = (options: Partial<ProviderOptions> = {}) =>
    createHttp({
      timeoutMs: 5_000,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      random: () => 0.5,
      transport,
      ...options,
    });
  const get = (route: string) => ({ url: `${base}${at(route)}`, method: "GET" as const });

  it("reads an answer: JSON data, status, headers lower-cased in name order, a POST body sent", async () => {
    const answer = await http()({ ...get("/ok"), method: "POST", body: { a: "1" } });
    expect(answer.status).toBe(200);
    expect(answer.statusText).toBe("OK");
    expect(answer.data).toEqual({ method: "POST", body: '{"a":"1"}' });
    expect(answer.headers["x-diem-ledger-version"]).toBe("42");
    expect(answer.headers["X-Diem-Ledger-Version"]).toBeUndefined();
    const names = Object.keys(answer.headers);
    expect(names).toEqual([...names].sort());
  });

  it("the per-request timeout covers the whole body, not only the headers", async () => {
    const started = performance.now();
    await expect(
      http({ timeoutMs: 300, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } })(get("/trickle")),
    ).rejects.toThrow("the last one got no answer within 300 ms (--timeout-ms, the whole body included)");
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("the run's deadline cuts an attempt short and is named", async () => {
    await expect(http({ timeoutMs: 60_000, deadlineMs: Date.now() + 300 })(get("/trickle"))).rejects.toThrow(
      `GET ${base}${at("/trickle")}: the run's deadline (--deadline-s) passed before the node answered.`,
    );
  });

  it("stops reading a body past the limit as it arrives, without retrying", async () => {
    await expect(http({ maxResponseBytes: MB })(get("/endless"))).rejects.toThrow(
      `GET ${base}${at("/endless")}: the node sent a body larger than the 1 MB limit for one answer`,
    );
    expect(seen(at("/endless")).requests).toBe(1);
    await expect.poll(() => seen(at("/endless")).closed).toBe(true);
    // Socket buffers hold a few MB at most: nowhere near the 256 MB the node would have sent.
    expect(seen(at("/endless")).written).toBeLessThan(64 * MB);
  });

  it("refuses a declared Content-Length past the limit without waiting for the body", async () => {
    await expect(http({ maxResponseBytes: MB })(get("/declared"))).rejects.toThrow(
      `the node sent a body of ${20 * MB} bytes, larger than the 1 MB limit for one answer`,
    );
  });

  it.each(["gzip", "br"])("counts inflated bytes of a %s bomb and stops at the limit", async (coding) => {
    await expect(http({ maxResponseBytes: MB })(get(`/${coding}-bomb`))).rejects.toThrow(
      `the node sent a ${coding}-compressed body that inflates past the 1 MB limit for one answer`,
    );
  });

  it("inflates gzip, deflate and br answers, and counts the inflated size against the limit", async () => {
    const gzipped = await http()(get("/gzip"));
    expect((gzipped.data as { pad: string }).pad).toHaveLength(3 * MB);
    expect((await http()(get("/deflate"))).data).toEqual({ deflated: true });
    expect((await http()(get("/br"))).data).toEqual({ brotli: true });
    // The compressed answer is far below 1 MB on the wire; inflated it is over 3 MB.
    await expect(http({ maxResponseBytes: MB })(get("/gzip"))).rejects.toThrow("inflates past the 1 MB limit");
  });

  it("a body cut short (the connection closed early) is a network error, retried", async () => {
    await expect(http()(get("/truncated"))).rejects.toThrow(
      `GET ${base}${at("/truncated")} failed after 2 attempts; the last one got a network error`,
    );
    expect(seen(at("/truncated")).requests).toBe(2);
  });

  it("refuses a redirect, naming its Location, and does not follow it", async () => {
    await expect(http()(get("/redirect"))).rejects.toThrow(
      `GET ${base}${at("/redirect")}: the node answered 302 and pointed to http://elsewhere.test/v1/. Redirects are not followed`,
    );
    expect(seen(at("/redirect")).requests).toBe(1);
  });

  it("waits as a 429's Retry-After asks, then reads the answer", async () => {
    const slept: number[] = [];
    const answer = await http({
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10_000 },
      sleep: async (ms) => {
        slept.push(ms);
      },
    })(get("/rate-limited"));
    expect(answer.data).toEqual({ after: "wait" });
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(2_000);
  });

  it("aborts a request in flight at once when the run stops, closing its connection", async () => {
    const run = createRunStop();
    const inFlight = http({ run, timeoutMs: 60_000 })(get("/hang"));
    await expect.poll(() => seenBy.get(at("/hang"))?.requests).toBe(1);
    const first = new ChainRequestError("the first failure", { url: base });
    run.stop(first);
    await expect(inFlight).rejects.toBe(first);
    await expect.poll(() => seen(at("/hang")).closed).toBe(true);
  });

  it("reads a body opening with a byte order mark, with and without the request's own parser", async () => {
    expect((await http()(get("/bom"))).data).toEqual({ bom: 1 });
    const parseJson = () => {
      throw new Error("not asked for a body opening with a BOM");
    };
    expect((await http()({ ...get("/bom"), parseJson })).data).toEqual({ bom: 1 });
  });

  it("gives the request's own parser the whole bytes", async () => {
    const parsed: number[] = [];
    const answer = await http()({
      ...get("/gzip"),
      parseJson: (bytes) => {
        parsed.push(bytes.length);
        return JSON.parse(Buffer.from(bytes).toString("utf8"));
      },
    });
    expect(parsed).toEqual([bigJson.length]);
    expect((answer.data as { pad: string }).pad).toHaveLength(3 * MB);
  });

  it("an empty body is null; a body that is not JSON is retried, then named", async () => {
    expect((await http()(get("/empty"))).data).toBeNull();
    await expect(http()(get("/html"))).rejects.toThrow(
      `GET ${base}${at("/html")} failed after 2 attempts; the last one got a body that is not JSON`,
    );
  });
});

describe("the default transport", () => {
  it("is node:http, not fetch (which names itself in User-Agent and Sec-Fetch-Mode)", async () => {
    const answer = await createHttp({ timeoutMs: 5_000 })({ url: `${base}/default/ok`, method: "GET" });
    expect(answer.status).toBe(200);
    const headers = seen("/default/ok").headers[0];
    expect(headers?.["sec-fetch-mode"]).toBeUndefined();
    expect(headers?.["accept-encoding"]).toBe("gzip, deflate, br");
    expect(headers?.connection).toBe("keep-alive");
  });
});

describe("the default transport, given a buffer to receive into", () => {
  /** Reads `route` with a `bodyBuffer` lending one buffer 10 bytes longer than asked; what each side saw. */
  const read = async (route: string) => {
    const lent: Buffer[] = [];
    const parsedFrom: Uint8Array[] = [];
    const answer = await createHttp({ timeoutMs: 5_000, transport: nodeHttpTransport })({
      url: `${base}/into${route}`,
      method: "GET",
      bodyBuffer: (length) => {
        const buffer = Buffer.alloc(length + 10, 0x2a);
        lent.push(buffer);
        return buffer;
      },
      parseJson: (bytes) => {
        parsedFrom.push(bytes);
        return JSON.parse(Buffer.from(bytes).toString("utf8"));
      },
    });
    expect((answer.data as { pad: string }).pad).toHaveLength(3 * MB);
    return { lent, parsedFrom };
  };

  it("receives a body of declared length into it, and parses a view of it holding exactly the body", async () => {
    const { lent, parsedFrom } = await read("/plain");
    expect(lent.map((buffer) => buffer.length)).toEqual([bigJson.length + 10]);
    const [bytes] = parsedFrom;
    expect(bytes?.buffer).toBe(lent[0]?.buffer);
    expect(bytes?.byteOffset).toBe(lent[0]?.byteOffset);
    expect(Buffer.from(bytes as Uint8Array).equals(bigJson)).toBe(true);
  });

  it("does not ask for one when the length is not declared, or is that of a compressed body", async () => {
    for (const route of ["/chunked", "/gzip-sized"]) {
      const { lent, parsedFrom } = await read(route);
      expect(lent, route).toEqual([]);
      expect(parsedFrom.map((bytes) => bytes.length)).toEqual([bigJson.length]);
    }
  });
});
