import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A hostile proxy in front of the fake node, for the fault suite: every request is forwarded over real HTTP to the
 * node, and a matching rule may answer instead, or rewrite the node's answer (well-formed but wrong data, huge
 * bodies, gzip bombs, redirects, endless Retry-After). Rules run in the order added; the first match wins.
 */

/** The node's answer to a forwarded request. */
export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The body parsed as JSON (throws when it is not JSON). */
  json(): unknown;
}

export interface ProxiedRequest {
  method: string;
  /** Path and query as the client sent them, still percent-encoded. */
  target: string;
  body: Buffer;
}

/**
 * A rule's answer: `{status, headers, body}` to send (a `json` value is serialised), `"forward"` to pass the node's
 * answer through, or `"handled"` when the rule wrote to `res` itself (streams, resets, stalls).
 */
export type RuleAnswer =
  | { status: number; headers?: Record<string, string>; body?: string | Buffer; json?: unknown }
  | "forward"
  | "handled";

export interface ProxyRule {
  /** Tested against `target`. Absent: every request. */
  path?: RegExp;
  method?: string;
  /** Fire at most this many times. Absent: forever. */
  times?: number;
  answer(request: ProxiedRequest, forward: () => Promise<UpstreamAnswer>, res: ServerResponse): Promise<RuleAnswer>;
}

export interface HostileProxy {
  /** Base URL including `/v1`. */
  url: string;
  use(rule: ProxyRule): () => void;
  clear(): void;
  /** How many times rules fired. */
  readonly fired: number;
  /** Every request target seen, in order. */
  readonly seen: readonly string[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts a proxy on 127.0.0.1 in front of `upstreamUrl` (a base URL ending in `/v1`). */
export async function startHostileProxy(upstreamUrl: string): Promise<HostileProxy> {
  const upstream = new URL(upstreamUrl);
  const origin = `${upstream.protocol}//${upstream.host}`;
  let rules: Array<ProxyRule & { left: number }> = [];
  let fired = 0;
  const seen: string[] = [];
  const sockets = new Set<Socket>();

  async function forwardTo(request: ProxiedRequest): Promise<UpstreamAnswer> {
    const response = await fetch(`${origin}${request.target}`, {
      method: request.method,
      headers: { "content-type": "application/json", "accept-encoding": "identity" },
      ...(request.method === "POST" ? { body: new Uint8Array(request.body) } : {}),
      redirect: "manual",
    });
    const body = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      if (key !== "content-length" && key !== "transfer-encoding" && key !== "connection") headers[key] = value;
    });
    return { status: response.status, headers, body, json: () => JSON.parse(body.toString("utf8")) };
  }

  async function send(res: ServerResponse, answer: Exclude<RuleAnswer, "forward" | "handled">) {
    const body = answer.json !== undefined ? Buffer.from(JSON.stringify(answer.json)) : (answer.body ?? "");
    const headers: Record<string, string> = { ...(answer.headers ?? {}) };
    if (answer.json !== undefined) headers["content-type"] ??= "application/json";
    headers["content-length"] = String(Buffer.byteLength(body));
    res.writeHead(answer.status, headers);
    res.end(body);
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const request: ProxiedRequest = {
        method: req.method ?? "GET",
        target: req.url ?? "/",
        body: await readBody(req),
      };
      seen.push(request.target);
      const forward = () => forwardTo(request);
      const rule = rules.find(
        (r) =>
          r.left > 0 &&
          (r.path === undefined || r.path.test(request.target)) &&
          (r.method === undefined || r.method.toUpperCase() === request.method),
      );
      let answer: RuleAnswer = "forward";
      if (rule) {
        rule.left--;
        fired++;
        answer = await rule.answer(request, forward, res);
      }
      if (answer === "handled") return;
      if (answer === "forward") {
        const upstreamAnswer = await forward();
        await send(res, { status: upstreamAnswer.status, headers: upstreamAnswer.headers, body: upstreamAnswer.body });
        return;
      }
      await send(res, answer);
    } catch {
      res.destroy();
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/+$/, "")}`,
    use(rule) {
      const entry = { ...rule, left: rule.times ?? Number.POSITIVE_INFINITY };
      rules.push(entry);
      return () => {
        rules = rules.filter((r) => r !== entry);
      };
    },
    clear() {
      rules = [];
    },
    get fired() {
      return fired;
    },
    get seen() {
      return seen;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A rule that rewrites the node's JSON answer with `edit` (which may mutate and return it). */
export function rewriteJson(
  path: RegExp,
  edit: (data: unknown, request: ProxiedRequest) => unknown,
  extra: Pick<ProxyRule, "method" | "times"> = {},
): ProxyRule {
  return {
    path,
    ...extra,
    async answer(request, forward) {
      const upstream = await forward();
      if (upstream.status !== 200) return { status: upstream.status, headers: upstream.headers, body: upstream.body };
      return { status: 200, headers: upstream.headers, json: edit(upstream.json(), request) };
    },
  };
}
