/**
 * The snapshot benchmark's measured floor: the requests a run made, recorded as it sent them, then sent again by a
 * bare client (no parsing, no checks, every request known from the start) at the same concurrency to the same fake
 * node. Its wall is what moving those bytes costs on this machine in this session, beside the latency bound, which
 * assumes each request takes the latency alone. Figures only; asserts nothing.
 */
import { readFile, writeFile } from "node:fs/promises";
import { Agent, request as httpRequest } from "node:http";
import { z } from "zod";
import type { Transport } from "../../src/chain/transport.ts";
import { parseOrThrow } from "../../src/schemas/parse.ts";
import { parseJson } from "../../src/store/parse-json.ts";
import { type DurationSummary, summarizeDurations } from "./stats.ts";

export const RecordedRequestSchema = z.object({
  method: z.enum(["GET", "POST"]),
  url: z.string(),
  /** The body as sent, UTF-8 (the snapshot's only bodies are view calls in JSON). */
  body: z.string().optional(),
});
export type RecordedRequest = z.infer<typeof RecordedRequestSchema>;

/** `transport`, recording each attempt into `into` as it is sent (retries included: they were requests too). */
export function recordingTransport(transport: Transport, into: RecordedRequest[]): Transport {
  return (url, request) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body).toString("utf8");
    into.push({ method: request.method, url: url.toString(), ...(body === undefined ? {} : { body }) });
    return transport(url, request);
  };
}

/**
 * `transport`, adding each attempt's round trip to `into`: from the call to the whole body received (or the
 * failure), as the caller sees it, its own event loop's delays included.
 */
export function timingTransport(transport: Transport, into: number[]): Transport {
  return (url, request) => {
    const sent = performance.now();
    return transport(url, request).finally(() => into.push(performance.now() - sent));
  };
}

/** One request a line. */
export async function writeRecordedRequests(file: string, requests: readonly RecordedRequest[]): Promise<void> {
  await writeFile(file, requests.map((recorded) => `${JSON.stringify(recorded)}\n`).join(""), "utf8");
}

export async function readRecordedRequests(file: string): Promise<RecordedRequest[]> {
  const lines = (await readFile(file, "utf8")).split("\n").filter((line) => line !== "");
  return lines.map((line, index) => {
    const where = `recorded request ${index + 1} of ${file}`;
    return parseOrThrow(RecordedRequestSchema, parseJson(line, where), where);
  });
}

export interface ReplayFigures {
  requests: number;
  wallMs: number;
  /** Each request's round trip, from its send to its body's end. */
  roundTrips: DurationSummary;
  /** user+sys of this process during the replay. */
  cpuMs: number;
  /** How many answers had each status. */
  statuses: Map<number, number>;
}

/**
 * Sends `requests` in their order, `concurrency` at a time, over keep-alive sockets; each body is read to its end
 * and dropped.
 */
export async function replayRequests(
  requests: readonly RecordedRequest[],
  concurrency: number,
): Promise<ReplayFigures> {
  const agent = new Agent({ keepAlive: true });
  const statuses = new Map<number, number>();
  const durations: number[] = [];
  const send = (recorded: RecordedRequest) =>
    new Promise<void>((resolve, reject) => {
      const sent = performance.now();
      const body = recorded.body === undefined ? undefined : Buffer.from(recorded.body, "utf8");
      const headers = body === undefined ? {} : { "content-type": "application/json", "content-length": body.length };
      const req = httpRequest(recorded.url, { method: recorded.method, agent, headers }, (res) => {
        statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
        res.on("data", () => {});
        res.on("end", () => {
          durations.push(performance.now() - sent);
          resolve();
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests.length) await send(requests[next++] as RecordedRequest);
      }),
    );
  } finally {
    agent.destroy();
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    requests: requests.length,
    wallMs,
    roundTrips: summarizeDurations(durations),
    cpuMs: (cpu.user + cpu.system) / 1000,
    statuses,
  };
}
