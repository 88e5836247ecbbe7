import { mkdir, mkdtemp, truncate, writeFile } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectFailedRun } from "../../support/faults/expect-outcome.ts";
import { type FaultWorld, SIP, startFaultWorld } from "../../support/faults/fault-world.ts";
import { folderState } from "../../support/faults/folder-state.ts";
import type { ProxyRule } from "../../support/faults/hostile-proxy.ts";
import { runCommand } from "../../support/faults/run-command.ts";

/**
 * Issue 15, section 2: runs are bounded. Every case runs the real CLI through the hostile proxy (or against a huge
 * local file) and asserts the documented exit code, the message, the committed folders byte-identical, peak memory
 * and that the run ended within its deadline plus start-up. Start-up of a CLI (Node + TypeScript) is ~1 s on a busy
 * machine and several seconds when the whole suite shares two cores, hence the slack.
 */

const STARTUP_MS = 8_000;
// A CLI alone peaks at 160-180 MB; a 200 MB body stopped at the limit measured up to 317 MB when the whole suite
// shares two cores (garbage collection lags). Unbounded, the same cases passed 1 GB. 400 MB is the suite's bound.
const MAX_RSS_MB = 400;

let world: FaultWorld;
/** A second host a redirect may point to; it must never be asked anything. */
let elsewhere: Server;
let elsewhereUrl: string;
let elsewhereRequests = 0;
/** 64 gzip members of 16 MiB of zeros each: ~1 MB on the wire, 1 GiB inflated. */
let gzipBomb: Buffer;

beforeAll(async () => {
  world = await startFaultWorld();
  elsewhere = createServer((_req, res) => {
    elsewhereRequests++;
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
  gzipBomb = Buffer.concat(Array.from({ length: 64 }, () => member));
}, 60_000);

afterAll(async () => {
  await world?.close();
  await new Promise<void>((resolve) => (elsewhere ? elsewhere.close(() => resolve()) : resolve()));
});

/** Waits `ms` or until the client has gone (so a stalled answer never outlives its test). */
function stall(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Any request but ledger info: the run pins V first, then meets the fault. */
const AFTER_PIN = /^\/v1\/(?!\?|$).+/;
// Transaction reads: range reads (`/transactions?start=`) where the read plan found dense versions, else by version.
const TRANSACTIONS = /\/transactions(\/by_version\/|\?)/;

const slowNode: ProxyRule = {
  async answer(_request, _forward, res) {
    await stall(60_000, res);
    return "handled";
  },
};

const rateLimited = (retryAfter: string): ProxyRule => ({
  path: AFTER_PIN,
  answer: async () => ({ status: 429, headers: { "retry-after": retryAfter }, body: "Too Many Requests" }),
});

const alwaysStatus = (status: number): ProxyRule => ({
  path: AFTER_PIN,
  answer: async () => ({ status, json: { message: "internal error", error_code: "internal_error" } }),
});

/** 200 MB of JSON-looking text, streamed in 1 MiB chunks with back-pressure and no Content-Length. */
const hugeBody: ProxyRule = {
  path: AFTER_PIN,
  async answer(_request, _forward, res) {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    res.write("[");
    for (let i = 0; i < 200 && !res.destroyed; i++) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
    }
    res.end("]");
    return "handled";
  },
};

const declaredHuge: ProxyRule = {
  path: AFTER_PIN,
  async answer(_request, _forward, res) {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(200 * 1024 * 1024) });
    res.write("[");
    await stall(30_000, res);
    res.destroy();
    return "handled";
  },
};

const gzipBombRule: ProxyRule = {
  path: AFTER_PIN,
  async answer(_request, _forward, res) {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
    if (!res.write(gzipBomb)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
    res.end();
    return "handled";
  },
};

const endlessChunked: ProxyRule = {
  path: AFTER_PIN,
  async answer(_request, _forward, res) {
    res.writeHead(200, { "content-type": "application/json" });
    res.write("[");
    await stall(60_000, res);
    return "handled";
  },
};

/** The node's real answer, one byte a second (headers at once): only a timeout over the whole body ends it. */
const trickle: ProxyRule = {
  path: AFTER_PIN,
  async answer(_request, forward, res) {
    const upstream = await forward();
    res.writeHead(upstream.status, { ...upstream.headers, "content-length": String(upstream.body.length) });
    for (let i = 0; i < upstream.body.length && !res.destroyed; i++) {
      res.write(upstream.body.subarray(i, i + 1));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    res.end();
    return "handled";
  },
};

const redirect = (status: number): ProxyRule => ({
  path: AFTER_PIN,
  answer: async (request) => ({ status, headers: { location: `${elsewhereUrl}${request.target}` }, body: "" }),
});

interface NodeCase {
  name: string;
  rule: () => ProxyRule;
  args: string[];
  message: RegExp;
  /** Deadline (or the sum of timeouts) the run must have ended within, before start-up slack. */
  withinMs: number;
  /** Peak RSS bound when not `MAX_RSS_MB`. */
  maxRssMb?: number;
  after?: () => void;
}

const nodeCases: NodeCase[] = [
  {
    name: "a node that never answers ends at the run's deadline",
    rule: () => slowNode,
    args: ["--deadline-s", "2"],
    message: /deadline \(--deadline-s\) passed before the node answered/,
    withinMs: 2_000,
  },
  {
    name: "persistent 500s end within the deadline",
    rule: () => alwaysStatus(500),
    args: ["--deadline-s", "2"],
    message: /failed after \d+ attempts?; the last one got HTTP 500 internal_error/,
    withinMs: 2_000,
  },
  {
    name: "persistent 503s end within the deadline",
    rule: () => alwaysStatus(503),
    args: ["--deadline-s", "2"],
    message: /the last one got HTTP 503/,
    withinMs: 2_000,
  },
  {
    name: "a 429 with Retry-After: 999999 fails at once, reported as a 429",
    rule: () => rateLimited("999999"),
    args: ["--deadline-s", "12"],
    message:
      /rate limited \(HTTP 429\), and the node asked to wait 999999 s \(Retry-After\), beyond the run's deadline in 1[12] s/,
    withinMs: 1_000,
  },
  {
    name: "a 429 with Retry-After as an HTTP date years away fails at once",
    rule: () => rateLimited("Fri, 31 Dec 2100 23:59:59 GMT"),
    args: ["--deadline-s", "60"],
    message:
      /rate limited \(HTTP 429\), and the node asked to wait \d{9,} s \(Retry-After\), beyond the run's deadline/,
    withinMs: 1_000,
  },
  {
    name: "a Retry-After within the deadline but past the 5 minute cap fails at once",
    rule: () => rateLimited("900"),
    args: ["--deadline-s", "3600"],
    message: /asked to wait 900 s \(Retry-After\), longer than the longest wait Ledgerlight accepts \(300 s\)/,
    withinMs: 1_000,
  },
  {
    name: "429s without Retry-After are reported as a 429 when the deadline ends the retries",
    rule: () => ({ path: AFTER_PIN, answer: async () => ({ status: 429, body: "slow down" }) }),
    args: ["--deadline-s", "2"],
    message: /the last one got rate limited \(HTTP 429\)/,
    withinMs: 2_000,
  },
  {
    name: "a 200 MB body stops at the 16 MB limit",
    rule: () => hugeBody,
    args: [],
    message: /the node sent a body larger than the 16 MB limit for one answer/,
    withinMs: 3_000,
  },
  {
    name: "a declared Content-Length of 200 MB is refused before reading",
    rule: () => declaredHuge,
    args: [],
    message: /a body of 209715200 bytes, larger than the 16 MB limit for one answer/,
    withinMs: 1_000,
  },
  {
    name: "a gzip bomb (1 MB compressed, 1 GB inflated) stops at the limit",
    rule: () => gzipBombRule,
    args: [],
    message: /a gzip-compressed body that inflates past the 16 MB limit for one answer/,
    withinMs: 3_000,
    // fetch inflates each network chunk whole before the count can stop it (up to ~1000x a chunk), so the peak is
    // the limit plus a few inflated chunks: ~270 MB measured (a CLI alone is ~160 MB), against > 1 GB unbounded.
    maxRssMb: 400,
  },
  {
    name: "a chunked body that never ends is cut by the request timeout",
    rule: () => endlessChunked,
    args: ["--timeout-ms", "500", "--deadline-s", "3"],
    message: /no answer within 500 ms \(--timeout-ms, the whole body included\)|deadline \(--deadline-s\) passed/,
    withinMs: 3_000,
  },
  {
    name: "an answer trickling one byte a second is cut by the timeout over the whole body",
    rule: () => trickle,
    args: ["--timeout-ms", "1500", "--deadline-s", "3"],
    message: /no answer within 1500 ms \(--timeout-ms, the whole body included\)|deadline \(--deadline-s\) passed/,
    withinMs: 3_000,
  },
  ...[301, 302, 307].map(
    (status): NodeCase => ({
      name: `a ${status} redirect to another host is not followed`,
      rule: () => redirect(status),
      args: [],
      message: new RegExp(
        `the node answered ${status} and pointed to http://127\\.0\\.0\\.1:\\d+/v1/.+ Redirects are not followed`,
      ),
      withinMs: 1_000,
      after: () => expect(elsewhereRequests).toBe(0),
    }),
  ),
];

describe("a snapshot run against a misbehaving node is bounded (exit 4, committed snapshot unchanged)", () => {
  it.each(nodeCases)("$name", async ({ rule, args, message, withinMs, maxRssMb, after }) => {
    const content = await world.makeContent();
    const before = await folderState(content);
    world.proxy.clear();
    world.proxy.use(rule());
    const result = await runCommand("snapshot.ts", [
      "--node",
      world.proxy.url,
      "--address",
      SIP,
      "--config",
      path.join(content, "program.yaml"),
      "--out",
      path.join(content, "snapshots"),
      "--quiet",
      ...args,
    ]);
    world.proxy.clear();
    expectFailedRun(result, {
      code: "node",
      message,
      before,
      after: await folderState(content),
      withinMs: withinMs + STARTUP_MS,
      maxRssMb: maxRssMb ?? MAX_RSS_MB,
    });
    after?.();
  });
});

describe("a failed run stops", () => {
  /**
   * One transaction read fails for good at once (a redirect) while every other transaction read hangs for a minute:
   * the run must abort the hanging reads and start none of the queued ones, so it ends at once and the node sees
   * only the reads that were already in flight.
   */
  function firstFailureThenHang(): { rules: ProxyRule[]; failedAt: () => number } {
    let failedAt = -1;
    const rules: ProxyRule[] = [
      {
        path: TRANSACTIONS,
        times: 1,
        answer: async () => {
          failedAt = world.proxy.seen.length;
          return { status: 302, headers: { location: `${elsewhereUrl}/v1/` }, body: "" };
        },
      },
      { path: TRANSACTIONS, answer: slowNode.answer },
    ];
    return { rules, failedAt: () => failedAt };
  }

  it("snapshot: in-flight reads are aborted and queued reads never start after the first failure", async () => {
    const content = await world.makeContent();
    const before = await folderState(content);
    world.proxy.clear();
    const { rules, failedAt } = firstFailureThenHang();
    for (const rule of rules) world.proxy.use(rule);
    const result = await runCommand("snapshot.ts", [
      "--node",
      world.proxy.url,
      "--address",
      SIP,
      "--config",
      path.join(content, "program.yaml"),
      "--out",
      path.join(content, "snapshots"),
      "--quiet",
      "--concurrency",
      "4",
    ]);
    const seen = world.proxy.seen.length;
    world.proxy.clear();
    expectFailedRun(result, {
      code: "node",
      message: /answered 302 and pointed to/,
      before,
      after: await folderState(content),
      withinMs: 1_000 + STARTUP_MS,
      maxRssMb: MAX_RSS_MB,
    });
    expect(failedAt()).toBeGreaterThan(0);
    // At most the other reads already in flight (concurrency 4) arrive after the failing one.
    expect(seen - failedAt()).toBeLessThanOrEqual(4);
  });

  it("snapshot: 500s on every transaction read end with the first read's retries, not every queued read's", async () => {
    const content = await world.makeContent();
    const before = await folderState(content);
    world.proxy.clear();
    let transactionReads = 0;
    world.proxy.use({
      path: TRANSACTIONS,
      answer: async () => {
        transactionReads++;
        return { status: 500, json: { message: "internal error", error_code: "internal_error" } };
      },
    });
    const result = await runCommand("snapshot.ts", [
      "--node",
      world.proxy.url,
      "--address",
      SIP,
      "--config",
      path.join(content, "program.yaml"),
      "--out",
      path.join(content, "snapshots"),
      "--quiet",
    ]);
    world.proxy.clear();
    expectFailedRun(result, {
      code: "node",
      message:
        /transactions(\/by_version\/\d+|\?start=\d+\S*) failed after 6 attempts; the last one got HTTP 500 internal_error/,
      before,
      after: await folderState(content),
      // Six attempts of one read: backoff at most 0.25 + 0.5 + 1 + 2 + 4 s.
      withinMs: 7_750 + STARTUP_MS,
      maxRssMb: MAX_RSS_MB,
    });
    // At most the 4 reads in flight, 6 attempts each; the queued transactions were never asked for.
    expect(transactionReads).toBeLessThanOrEqual(4 * 6);
  });

  it("verify: the same stop, and the snapshot it checks is unchanged", async () => {
    const content = await world.makeContent();
    const before = await folderState(content);
    world.proxy.clear();
    const { rules, failedAt } = firstFailureThenHang();
    for (const rule of rules) world.proxy.use(rule);
    const result = await runCommand("verify.ts", [
      "--node",
      world.proxy.url,
      "--snapshot",
      world.snapshotDir(content),
      "--config",
      path.join(content, "program.yaml"),
      "--quiet",
    ]);
    const seen = world.proxy.seen.length;
    world.proxy.clear();
    expectFailedRun(result, {
      code: "node",
      message: /answered 302 and pointed to/,
      before,
      after: await folderState(content),
      withinMs: 1_000 + STARTUP_MS,
      maxRssMb: MAX_RSS_MB,
    });
    expect(failedAt()).toBeGreaterThan(0);
    expect(seen - failedAt()).toBeLessThanOrEqual(4);
  });
});

describe("npm run publish honours --deadline-s and --timeout-ms", () => {
  it.each([
    {
      name: "publish --deadline-s 3 against a node that never answers",
      args: ["--deadline-s", "3"],
      message: /deadline \(--deadline-s\) passed before the node answered/,
      withinMs: 3_000,
    },
    {
      name: "publish --timeout-ms 500 --deadline-s 2 against a node that never answers",
      args: ["--timeout-ms", "500", "--deadline-s", "2"],
      message: /no answer within 500 ms|deadline \(--deadline-s\) passed/,
      withinMs: 2_000,
    },
  ])("$name", async ({ args, message, withinMs }) => {
    const content = await world.makeContent();
    const out = path.join(world.work, `publish-out-${path.basename(content)}`);
    const before = { content: await folderState(content), out: await folderState(out) };
    world.proxy.clear();
    world.proxy.use({ path: AFTER_PIN, answer: slowNode.answer });
    const result = await runCommand("publish.ts", [
      "--node",
      world.proxy.url,
      "--content",
      content,
      "--out",
      out,
      ...args,
    ]);
    world.proxy.clear();
    expectFailedRun(result, {
      code: "node",
      message,
      before,
      after: { content: await folderState(content), out: await folderState(out) },
      withinMs: withinMs + STARTUP_MS,
      maxRssMb: MAX_RSS_MB,
    });
  });
});

describe("huge files fail fast with their name (exit 3, bounded memory)", () => {
  it.each([
    { name: "a 2 GB writeup (sparse)", file: "writeups/huge.md", bytes: 2 * 1024 ** 3 },
    { name: "a writeup one byte past 1 MB", file: "writeups/long.md", bytes: 1024 * 1024 + 1 },
    { name: "a 2 GB report (sparse)", file: "reports/2025-q1.md", bytes: 2 * 1024 ** 3 },
  ])("build: $name", async ({ file, bytes }) => {
    const content = await world.makeContent();
    await writeFile(path.join(content, file), "");
    await truncate(path.join(content, file), bytes);
    const out = path.join(world.work, `build-out-${path.basename(content)}`);
    // The committed snapshot and the output folder (the huge input itself is too large to fingerprint).
    const state = async () => ({
      snapshots: await folderState(path.join(content, "snapshots")),
      out: await folderState(out),
    });
    const before = await state();
    const result = await runCommand("build.ts", ["--content", content, "--out", out]);
    expectFailedRun(result, {
      code: "badInput",
      message: new RegExp(
        `${file.replace(".", "\\.")} is ${bytes} bytes, more than the 1024 kB a writeup or report may have`,
      ),
      before,
      after: await state(),
      withinMs: 1_000 + STARTUP_MS,
      maxRssMb: MAX_RSS_MB,
      closing: /Nothing was written/,
    });
  });

  it.each([
    {
      name: "a 2 GB export (sparse) is refused before reading",
      make: async (file: string) => {
        await writeFile(file, "");
        await truncate(file, 2 * 1024 ** 3);
      },
      message: /report-2022-06-01-epoch-200\.json is 2147483648 bytes, more than the 1024 MB a v5 file may have/,
    },
    {
      name: "an export whose one record is 40 MB long stops at the record bound",
      make: async (file: string) => {
        await writeFile(file, `[{"account":"${"a".repeat(40 * 1024 * 1024)}"}]`);
      },
      message:
        /report-2022-06-01-epoch-200\.json: record 0 \(an element of its top-level array\) is longer than 16 M characters/,
    },
    {
      name: "an export that is one 40 MB string stops at the value bound",
      make: async (file: string) => {
        await writeFile(file, `"${"b".repeat(40 * 1024 * 1024)}"`);
      },
      message: /report-2022-06-01-epoch-200\.json: its JSON value is longer than 16 M characters/,
    },
  ])("import-legacy: $name", async ({ make, message }) => {
    const content = await world.makeContent();
    const exports = await mkdtemp(path.join(world.work, "exports-"));
    await mkdir(exports, { recursive: true });
    const file = path.join(exports, "report-2022-06-01-epoch-200.json");
    await make(file);
    const before = await folderState(content);
    const result = await runCommand("import-legacy.ts", [file, "--content", content]);
    expectFailedRun(result, {
      code: "badInput",
      message,
      before,
      after: await folderState(content),
      withinMs: 5_000 + STARTUP_MS,
      maxRssMb: MAX_RSS_MB,
    });
  });
});
