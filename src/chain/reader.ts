import type { z } from "zod";
import { ChainRequestError } from "../errors.ts";
import { BlockSchema, DiemErrorSchema, LedgerInfoSchema } from "../schemas/chain.ts";
import { UserTransactionListSchema, UserTransactionSchema } from "../schemas/chain-resources.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { type EventStreamHooks, type EventStreamRequest, readEventStream } from "./events.ts";
import { createHttp, createRetryPause, type HttpRequest, type ProviderOptions, type RawResponse } from "./provider.ts";
import { readResources } from "./resources.ts";
import { createRunStop } from "./run-stop.ts";

/**
 * The one door to a 0L node. Every method returns a zod-parsed value; reads that can be pinned take the ledger
 * version explicitly so a snapshot never mixes chain states.
 *
 * Every read is a plain REST request through our own transport (`provider.ts`), not through ts-sdk: the SDK's
 * import alone costs a snapshot process about 60 MB of memory, for five GET/POST requests whose shape (paths,
 * `ledger_version`, the view body) is written out below as the SDK sent them.
 */
export interface ChainReaderOptions extends Partial<ProviderOptions> {
  /** Node base URL ending in `/v1`. */
  nodeUrl: string;
}

export type ChainReader = ReturnType<typeof createChainReader>;

/** A non-2xx answer of the node, kept as the cause of the ChainRequestError that reports it. */
export class NodeAnswerError extends Error {
  override readonly name = "NodeAnswerError";
  readonly status: number;
  readonly url: string;
  /** The node's error code (`invalid_input`, `version_not_found`, …) when its body says one. */
  readonly errorCode: string | undefined;
  constructor(answer: RawResponse, url: string) {
    const body = (answer.data !== null && typeof answer.data === "object" ? answer.data : {}) as {
      message?: unknown;
      error_code?: unknown;
    };
    super(
      typeof body.message === "string" ? `${String(body.error_code ?? "error")}: ${body.message}` : answer.statusText,
    );
    this.status = answer.status;
    this.url = url;
    this.errorCode = typeof body.error_code === "string" ? body.error_code : undefined;
  }
}

function describeFailure(error: unknown, what: string, nodeUrl: string): ChainRequestError {
  if (error instanceof ChainRequestError) return error;
  if (error instanceof NodeAnswerError) {
    return new ChainRequestError(`The node answered ${error.status} to ${what} (${error.message}).`, {
      url: error.url,
      status: error.status,
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ChainRequestError(`Could not read ${what} from ${nodeUrl}: ${reason}.`, { url: nodeUrl, cause: error });
}

/**
 * A 0L address as the SDK wrote it in paths (`AccountAddress.toString()`): the special addresses `0x0`…`0xf` short,
 * every other one as 64 hex digits.
 */
function pathAddress(address: string): string {
  const hex = address.replace(/^0x/i, "").toLowerCase().padStart(64, "0");
  const special = /^0{63}[0-9a-f]$/.test(hex);
  return special ? `0x${hex.slice(63)}` : `0x${hex}`;
}

export function createChainReader(options: ChainReaderOptions) {
  const nodeUrl = options.nodeUrl.replace(/\/+$/, "");
  // One stop per reader, i.e. per run: the first read that fails for good aborts every other one.
  const run = options.run ?? createRunStop();
  const providerOptions = { ...options, run, timeoutMs: options.timeoutMs ?? 30_000 };
  const send = createHttp(providerOptions);
  const pause = createRetryPause(providerOptions);

  /** One request whose 2xx answer is the value; any other status fails (retries are `send`'s). */
  async function answerOf(request: HttpRequest): Promise<unknown> {
    const answer = await send({ ...request, headers: { "content-type": "application/json", ...request.headers } });
    if (answer.status >= 200 && answer.status < 300) return answer.data;
    throw new NodeAnswerError(answer, request.url);
  }
  const viewRequest = (fn: string, functionArguments: string[], ledgerVersion: bigint): HttpRequest => ({
    url: `${nodeUrl}/view`,
    method: "POST",
    params: { ledger_version: ledgerVersion },
    body: { function: fn, type_arguments: [], arguments: functionArguments },
  });

  async function call<S extends z.ZodType>(what: string, schema: S, run: () => Promise<unknown>): Promise<z.output<S>> {
    let raw: unknown;
    try {
      raw = await run();
    } catch (error) {
      throw describeFailure(error, what, nodeUrl);
    }
    return parseOrThrow(schema, raw, `${what} from ${nodeUrl}`);
  }

  return {
    nodeUrl,
    /** The run's stop switch (see run-stop.ts): work of this run listens to it, and stops it on failure. */
    run,
    /** `GET /` — the node's current ledger info. */
    // Not through the SDK: ts-sdk 7.3 memoizes getLedgerInfo for 10 s per network *name*, so every CUSTOM node in the
    // process would share one cached answer, and a snapshot could pin a stale V or another node's V.
    getLedgerInfo: () =>
      call("ledger info", LedgerInfoSchema, async () => {
        const answer = await send({ url: nodeUrl, method: "GET" });
        if (answer.status !== 200) {
          const error = DiemErrorSchema.safeParse(answer.data);
          throw new ChainRequestError(
            `The node answered ${answer.status} to ledger info` +
              (error.success ? ` (${error.data.error_code}: ${error.data.message}).` : "."),
            { url: nodeUrl, status: answer.status },
          );
        }
        return answer.data;
      }),

    /** One resource of an account at `ledgerVersion`, parsed with `schema`. */
    getResource: <S extends z.ZodType>(address: string, resourceType: string, ledgerVersion: bigint, schema: S) =>
      call(`resource ${resourceType} of ${address} at version ${ledgerVersion}`, schema, async () => {
        const resource = await answerOf({
          url: `${nodeUrl}/accounts/${pathAddress(address)}/resource/${resourceType}`,
          method: "GET",
          params: { ledger_version: ledgerVersion },
        });
        // `{type, data}`: the value is the resource's data (as the SDK's getAccountResource returned it).
        return resource !== null && typeof resource === "object" && "data" in resource ? resource.data : undefined;
      }),

    /** Every resource of an account at `ledgerVersion` (all cursor pages), as `{type, data}`. */
    getResources: (address: string, ledgerVersion: bigint) => readResources(send, nodeUrl, address, ledgerVersion),

    /** The transaction at `version`, parsed as far as attribution needs. */
    getTransaction: (version: bigint) =>
      call(`transaction ${version}`, UserTransactionSchema, () =>
        answerOf({ url: `${nodeUrl}/transactions/by_version/${version}`, method: "GET" }),
      ),

    /**
     * `GET /transactions?start=&limit=` — up to `limit` transactions from version `start`, ascending. Not through
     * the SDK (its `getTransactions` pages by offset only through its own helpers). A node may return fewer than
     * asked (it clamps `limit` to its page size); the caller continues from what arrived. A node behind `pinned`
     * (the version the run read elsewhere) answers 400 "start is higher than the current ledger version" for a
     * start it has not reached: it catches up, so that is waited for like a lagging event page.
     */
    getTransactions: (start: bigint, limit: number, pinned: bigint) =>
      call(`transactions from version ${start} (limit ${limit})`, UserTransactionListSchema, async () => {
        const url = `${nodeUrl}/transactions`;
        for (let attempt = 1; ; attempt++) {
          const answer = await send({ url, method: "GET", params: { start: start.toString(), limit: String(limit) } });
          if (answer.status === 200) return answer.data;
          const error = DiemErrorSchema.safeParse(answer.data);
          const lagging = answer.status === 400 && error.success && error.data.error_code === "invalid_input";
          if (lagging && start <= pinned && (await pause(attempt))) continue;
          throw new ChainRequestError(
            `The node answered ${answer.status} to transactions from version ${start}` +
              (error.success ? ` (${error.data.error_code}: ${error.data.message}).` : "."),
            { url, status: answer.status },
          );
        }
      }),

    /** A view function at `ledgerVersion`, posted as JSON (0L rejects the SDK's BCS `view()`). */
    view: <S extends z.ZodType>(fn: string, functionArguments: string[], ledgerVersion: bigint, schema: S) =>
      call(`view ${fn}(${functionArguments.join(", ")}) at version ${ledgerVersion}`, schema, () =>
        answerOf(viewRequest(fn, functionArguments, ledgerVersion)),
      ),

    /**
     * Like `view`, but a Move abort (400 `invalid_input`, e.g. `get_user_donations` for an account the framework
     * does not know as a donor) resolves to null instead of failing the run.
     */
    viewUnlessAborted: async <S extends z.ZodType>(
      fn: string,
      functionArguments: string[],
      ledgerVersion: bigint,
      schema: S,
    ): Promise<z.output<S> | null> => {
      try {
        return await call(`view ${fn}(${functionArguments.join(", ")}) at version ${ledgerVersion}`, schema, () =>
          answerOf(viewRequest(fn, functionArguments, ledgerVersion)),
        );
      } catch (error) {
        const cause = error instanceof ChainRequestError ? error.cause : undefined;
        if (cause instanceof NodeAnswerError && cause.status === 400 && cause.errorCode === "invalid_input") {
          return null;
        }
        throw error;
      }
    },

    /** Events of one stream, `[fromSequence, untilSequence)`, paged (see `readEventStream`). */
    readEvents: (request: Omit<EventStreamRequest, "nodeUrl">, hooks?: EventStreamHooks) =>
      readEventStream(send, pause, { ...request, nodeUrl }, hooks),

    /** The block holding `version` (its timestamp dates that version). */
    getBlockByVersion: (version: bigint) =>
      call(`block at version ${version}`, BlockSchema, () =>
        answerOf({
          url: `${nodeUrl}/blocks/by_version/${version}`,
          method: "GET",
          params: { with_transactions: false },
        }),
      ),
  };
}
