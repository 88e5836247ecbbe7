import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { FakeChain } from "../model.ts";
import { createFaults, type FaultController, type FaultKind, type FaultPlan, type FaultRule } from "./faults.ts";
import { maxBigInt, minBigInt } from "./paging.ts";
import { NodeHttpError, type Reply } from "./reply.ts";
import { buildLedgerInfo, type NodeView, resolveRoute, splitApiPath } from "./routes.ts";

/**
 * The fake 0L node: a plain `node:http` server answering the `/v1` REST API from a `FakeChain` exactly as a
 * 0L node does (routes in `routes.ts`), with switchable faults (`faults.ts`) and a log of every request.
 */

export interface FakeNodeOptions {
  chain: FakeChain;
  /** Interface to listen on. Default 127.0.0.1; tests never listen elsewhere. */
  host?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Fault rules active from the first request. */
  faults?: FaultRule[];
  /** Wall clock in ms, used only by `/-/healthy?duration_secs=`. Default `Date.now`. */
  clock?: () => number;
}

/** One request as the node saw it. */
export interface RequestLogEntry {
  method: string;
  /** Path as sent, still percent-encoded (e.g. `/v1/accounts/0x1/resource/0x1%3A%3Acoin%3A%3A...`). */
  path: string;
  query: Record<string, string>;
  /** Status sent, or 0 when no response was sent (connection reset). */
  status: number;
  /** The delivery-changing fault that hit this request, if any. */
  fault: FaultKind | undefined;
}

export interface RequestFilter {
  method?: string;
  /** Exact path, or a RegExp tested against it. */
  path?: string | RegExp;
  status?: number;
}

export interface RequestLog {
  readonly entries: readonly RequestLogEntry[];
  count(filter?: RequestFilter): number;
  clear(): void;
}

export interface FakeNode {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  port: number;
  faults: FaultController;
  requests: RequestLog;
  /** Stops listening and destroys every open connection (hung ones included). */
  close(): Promise<void>;
}

/** Largest POST body accepted (the node's default `content_length_limit` is 8 MiB). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

function matchesFilter(entry: RequestLogEntry, filter: RequestFilter): boolean {
  if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  if (typeof filter.path === "string" && entry.path !== filter.path) return false;
  if (filter.path instanceof RegExp) {
    filter.path.lastIndex = 0;
    if (!filter.path.test(entry.path)) return false;
  }
  return true;
}

function createRequestLog(): RequestLog & { push(entry: RequestLogEntry): void } {
  const entries: RequestLogEntry[] = [];
  return {
    get entries() {
      return entries;
    },
    count: (filter = {}) => entries.filter((entry) => matchesFilter(entry, filter)).length,
    clear: () => {
      entries.length = 0;
    },
    push: (entry) => {
      entries.push(entry);
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new NodeHttpError(413, "invalid_input", "Payload too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The head and oldest version this request sees, after lag and pruning faults. */
function nodeView(chain: FakeChain, plan: FaultPlan): NodeView {
  let head = chain.head();
  let oldest = chain.oldest();
  if (plan.pruneOldest !== undefined && plan.pruneOldest > oldest) {
    oldest = minBigInt(plan.pruneOldest, head);
  }
  if (plan.lagBehind !== undefined) {
    head = maxBigInt(head - plan.lagBehind, oldest);
  }
  return { chain, head, oldest, ledger: buildLedgerInfo(chain, head, oldest) };
}

/** The node asked for BCS output: we only simulate JSON, and say so rather than answer in the wrong format. */
function wantsBcs(request: IncomingMessage): boolean {
  const accept = request.headers.accept ?? "";
  return accept.split(",").some((part) => part.split(";")[0]?.trim().toLowerCase() === "application/x-bcs");
}

function terminalReply(terminal: NonNullable<FaultPlan["terminal"]>): Reply | undefined {
  switch (terminal.kind) {
    case "rate-limit":
      return {
        status: 429,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(terminal.retryAfterSeconds) },
        body: "Too Many Requests",
      };
    case "server-error":
      return new NodeHttpError(
        terminal.status,
        "internal_error",
        terminal.message ?? `Injected fault: the node answered ${terminal.status}`,
      ).toReply();
    case "reset":
      return undefined;
  }
}

export async function startFakeNode(options: FakeNodeOptions): Promise<FakeNode> {
  const { chain } = options;
  const host = options.host ?? "127.0.0.1";
  const clock = options.clock ?? Date.now;
  const { controller, plan: planFaults } = createFaults(options.faults ?? []);
  const requests = createRequestLog();
  const sockets = new Set<Socket>();
  const closing = new AbortController();

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? "GET").toUpperCase();
    const target = request.url ?? "/";
    const url = new URL(target, "http://fake-node.invalid");
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      fault: undefined,
    };
    const plan = planFaults(method, target);
    // A latency fault is the time the client waits for the answer, counted from the request's arrival, as a remote
    // node's latency holds its own work: the answer is made at once and sent once `latencyMs` have passed. Made
    // after the wait instead, every answer also waited for this one thread to make the answers before it (a range
    // page takes a few ms), on the client's cores: at 16 in flight a client doing nothing took 1.3× the latency.
    const arrived = performance.now();
    let reply: Reply | undefined;
    if (plan.terminal) {
      entry.fault = plan.terminal.kind;
      reply = terminalReply(plan.terminal);
    } else {
      reply = await nodeReply(request, method, url, plan);
    }
    const wait = plan.latencyMs - (performance.now() - arrived);
    if (wait > 0) {
      try {
        await delay(wait, undefined, { signal: closing.signal });
      } catch {
        request.socket.destroy();
        return;
      }
    }

    if (reply === undefined) {
      requests.push(entry);
      request.socket.destroy();
      return;
    }
    entry.status = reply.status;
    const bytes = Buffer.from(reply.body, "utf8");
    const headers = { ...reply.headers, "Content-Length": String(bytes.length) };
    if (plan.delivery !== "normal" && !plan.terminal) {
      entry.fault = plan.delivery;
      requests.push(entry);
      response.writeHead(reply.status, headers);
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      // Truncate: close right after the half body, so the client sees the connection end before Content-Length.
      // Hang: leave the connection open; close() destroys it.
      if (plan.delivery === "truncate") response.socket?.end();
      return;
    }
    requests.push(entry);
    response.writeHead(reply.status, headers);
    response.end(bytes);
  }

  async function nodeReply(request: IncomingMessage, method: string, url: URL, plan: FaultPlan): Promise<Reply> {
    try {
      const { handle, params } = resolveRoute(method, splitApiPath(url.pathname));
      const body = method === "POST" ? await readBody(request) : "";
      const reply = handle({
        view: nodeView(chain, plan),
        params,
        query: url.searchParams,
        headers: request.headers,
        body,
        now: clock,
      });
      // A node answers errors in JSON whatever the Accept header says; only a success would have been BCS.
      if (reply.status < 300 && wantsBcs(request)) {
        throw new NodeHttpError(
          400,
          "bcs_not_supported",
          "The fake 0L node answers in JSON only; BCS output (Accept: application/x-bcs) is not simulated",
        );
      }
      return reply;
    } catch (error) {
      if (error instanceof NodeHttpError) return error.toReply();
      // A bug in the fake node or the simulator: answer like the node's internal errors, and say what broke.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      return new NodeHttpError(500, "internal_error", `fake node failure: ${message}`).toReply();
    }
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      // Only reachable if writing the response itself throws (e.g. the client went away): nothing to answer.
      if (!response.headersSent) response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${hostInUrl}:${port}/v1`,
    port,
    faults: controller,
    requests,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
