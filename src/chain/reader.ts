import type { Aptos } from "@aptos-labs/ts-sdk";
import { z } from "zod";
import { ChainRequestError } from "../errors.ts";
import { normalizeAddress } from "../lib/address.ts";
import { BlockSchema, LedgerInfoSchema } from "../schemas/chain.ts";
import { UserTransactionListSchema, UserTransactionSchema } from "../schemas/chain-resources.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { answerError, isInvalidInput } from "./answer-error.ts";
import { type EventStreamHooks, type EventStreamRequest, readEventStream } from "./events.ts";
import { parseJsonArrayInPieces } from "./parse-json-array.ts";
import {
  type AnswerReading,
  createHttp,
  createProvider,
  createRetryPause,
  type ProviderOptions,
  type RawResponse,
} from "./provider.ts";
import { readResources } from "./resources.ts";
import { createRunStop } from "./run-stop.ts";

/**
 * The one door to a 0L node. Every method returns a zod-parsed value; reads that can be pinned take the ledger
 * version explicitly so a snapshot never mixes chain states.
 */
export interface ChainReaderOptions extends Partial<ProviderOptions> {
  /** Node base URL ending in `/v1`. */
  nodeUrl: string;
}

export type ChainReader = ReturnType<typeof createChainReader>;

/** A range page before its transactions are validated: a list, nothing more (see `getTransactionPage`). */
const TransactionPageSchema = z.array(z.unknown());

/**
 * The error for an answer other than 2xx, in the words the SDK's `AptosApiError` was given (`describeFailure`):
 * "The node answered <status> to <what> (<error_code>: <message>)." or, without a message, the status text.
 */
function apiFailure(
  answer: Pick<RawResponse, "status" | "statusText" | "data">,
  what: string,
  url: string,
  cause?: unknown,
): ChainRequestError {
  const body = answer.data as { message?: unknown; error_code?: unknown } | undefined;
  const detail =
    typeof body?.message === "string" ? `${String(body.error_code ?? "error")}: ${body.message}` : answer.statusText;
  return new ChainRequestError(`The node answered ${answer.status} to ${what} (${detail}).`, {
    url,
    status: answer.status,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** `apiErrorClass`: the SDK's `AptosApiError`, for a read made through the SDK. */
function describeFailure(
  error: unknown,
  what: string,
  nodeUrl: string,
  apiErrorClass?: typeof import("@aptos-labs/ts-sdk").AptosApiError,
): ChainRequestError {
  if (error instanceof ChainRequestError) return error;
  if (apiErrorClass !== undefined && error instanceof apiErrorClass) {
    return apiFailure({ status: error.status, statusText: error.statusText, data: error.data }, what, error.url, error);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ChainRequestError(`Could not read ${what} from ${nodeUrl}: ${reason}.`, { url: nodeUrl, cause: error });
}

/**
 * An account address as the SDK writes it in a path (`AccountAddress.toString()`): the short form for the special
 * addresses 0x0…0xf, the long form otherwise.
 */
function addressInPath(address: string): string {
  const canonical = normalizeAddress(address);
  return /^0x0{63}[0-9a-f]$/.test(canonical) ? `0x${canonical.slice(-1)}` : canonical;
}

/**
 * The SDK announces custom networks with `console.info` ("Note: using CUSTOM network…"), which lands on stdout,
 * where our CLIs print their results (`verify --json` must be parseable). Silence only that one call.
 */
function quietly<T>(make: () => T): T {
  const info = console.info;
  console.info = () => {};
  try {
    return make();
  } finally {
    console.info = info;
  }
}

export function createChainReader(options: ChainReaderOptions) {
  const nodeUrl = options.nodeUrl.replace(/\/+$/, "");
  // One stop per reader, i.e. per run: the first read that fails for good aborts every other one.
  const run = options.run ?? createRunStop();
  const providerOptions = { ...options, run, timeoutMs: options.timeoutMs ?? 30_000 };
  const send = createHttp(providerOptions);
  const pause = createRetryPause(providerOptions);
  // The SDK (~45 MB of resident memory once loaded) is loaded only by the one read still made through it.
  let aptos: Promise<{ aptos: Aptos; apiErrorClass: typeof import("@aptos-labs/ts-sdk").AptosApiError }> | undefined;
  const sdk = () =>
    (aptos ??= import("@aptos-labs/ts-sdk").then(({ Aptos, AptosApiError, AptosConfig, Network }) => ({
      apiErrorClass: AptosApiError,
      aptos: new Aptos(
        quietly(
          () =>
            new AptosConfig({
              network: Network.CUSTOM,
              fullnode: nodeUrl,
              // A pruned read must fail loudly at the node we were pointed at, never move to another host.
              archivalFallback: false,
              client: createProvider(send),
            }),
        ),
      ),
    })));

  async function call<S extends z.ZodType>(
    what: string,
    schema: S,
    run: () => Promise<unknown>,
    apiErrorClass?: typeof import("@aptos-labs/ts-sdk").AptosApiError,
  ): Promise<z.output<S>> {
    let raw: unknown;
    try {
      raw = await run();
    } catch (error) {
      throw describeFailure(error, what, nodeUrl, apiErrorClass);
    }
    return parseOrThrow(schema, raw, `${what} from ${nodeUrl}`);
  }

  /**
   * `GET` of `path` with `params`, as the SDK's fullnode reads sent it, but straight through `send` (every run makes
   * these, and the SDK is heavy to load): any 2xx answer's body is the value, any other fails as the SDK's did.
   */
  async function readJson(what: string, path: string, params?: Record<string, string>): Promise<unknown> {
    const url = `${nodeUrl}/${path}`;
    const answer = await send({ url, method: "GET", ...(params ? { params } : {}) });
    if (answer.status >= 200 && answer.status < 300) return answer.data;
    throw apiFailure(answer, what, url);
  }

  /**
   * A view function at `ledgerVersion`: `POST /view` with a JSON body, as the SDK's `viewJson` sends it, but straight
   * through `send` (a run makes two views per donor, and the SDK's request layers cost more CPU than the request
   * itself). Any answer other than 200 fails in the words `describeFailure` gives the SDK's errors, except a Move
   * abort (400 `invalid_input`), which is `onMoveAbort`'s to answer.
   */
  async function readView<S extends z.ZodType, A>(
    fn: string,
    functionArguments: string[],
    ledgerVersion: bigint,
    schema: S,
    onMoveAbort: (failure: ChainRequestError) => A,
  ): Promise<z.output<S> | A> {
    const what = `view ${fn}(${functionArguments.join(", ")}) at version ${ledgerVersion}`;
    let answer: RawResponse;
    try {
      answer = await send({
        url: `${nodeUrl}/view`,
        method: "POST",
        params: { ledger_version: ledgerVersion.toString() },
        headers: { "content-type": "application/json" },
        body: { function: fn, type_arguments: [], arguments: functionArguments },
      });
    } catch (error) {
      throw describeFailure(error, what, nodeUrl);
    }
    if (answer.status === 200) return parseOrThrow(schema, answer.data, `${what} from ${nodeUrl}`);
    const failure = answerError(
      answer,
      what,
      `${nodeUrl}/view?ledger_version=${ledgerVersion}`,
      ` (${answer.statusText}).`,
    );
    if (isInvalidInput(answer)) return onMoveAbort(failure);
    throw failure;
  }

  /** `GET /transactions?start=&limit=` as a list of unvalidated transactions (see `getTransactions`). */
  function readTransactionPage(start: bigint, limit: number, pinned: bigint): Promise<unknown[]> {
    return call(`transactions from version ${start} (limit ${limit})`, TransactionPageSchema, async () => {
      const url = `${nodeUrl}/transactions`;
      for (let attempt = 1; ; attempt++) {
        const answer = await send({
          url,
          method: "GET",
          params: { start: start.toString(), limit: String(limit) },
          parseJson: parseJsonArrayInPieces,
        });
        if (answer.status === 200) return answer.data;
        if (isInvalidInput(answer) && start <= pinned && (await pause(attempt))) continue;
        throw answerError(answer, `transactions from version ${start}`, url);
      }
    });
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
          throw answerError(answer, "ledger info", nodeUrl);
        }
        return answer.data;
      }),

    /** One resource of an account at `ledgerVersion` (its `data`), parsed with `schema`. */
    getResource: <S extends z.ZodType>(address: string, resourceType: string, ledgerVersion: bigint, schema: S) => {
      const what = `resource ${resourceType} of ${address} at version ${ledgerVersion}`;
      return call(what, schema, async () => {
        const resource = await readJson(what, `accounts/${addressInPath(address)}/resource/${resourceType}`, {
          ledger_version: ledgerVersion.toString(),
        });
        // As the SDK took it: a body without an object fails here ("Cannot read properties of null").
        return (resource as { data: unknown }).data;
      });
    },

    /**
     * Every resource of an account at `ledgerVersion` (all cursor pages), as `{type, data}`; `reading` receives and
     * parses the answers' bytes in place of `JSON.parse` of their text, giving the same values.
     */
    getResources: (address: string, ledgerVersion: bigint, reading?: AnswerReading) =>
      readResources(send, nodeUrl, address, ledgerVersion, reading),

    /** The transaction at `version`, parsed as far as attribution needs. */
    getTransaction: async (version: bigint) => {
      const { aptos, apiErrorClass } = await sdk();
      return call(
        `transaction ${version}`,
        UserTransactionSchema,
        () => aptos.getTransactionByVersion({ ledgerVersion: version }),
        apiErrorClass,
      );
    },

    /**
     * `GET /transactions?start=&limit=` — up to `limit` transactions from version `start`, ascending. Not through
     * the SDK (its `getTransactions` pages by offset only through its own helpers). A node may return fewer than
     * asked (it clamps `limit` to its page size); the caller continues from what arrived. A node behind `pinned`
     * (the version the run read elsewhere) answers 400 "start is higher than the current ledger version" for a
     * start it has not reached: it catches up, so that is waited for like a lagging event page.
     */
    getTransactions: async (start: bigint, limit: number, pinned: bigint) =>
      parseOrThrow(
        UserTransactionListSchema,
        await readTransactionPage(start, limit, pinned),
        `transactions from version ${start} (limit ${limit}) from ${nodeUrl}`,
      ),

    /**
     * The same page, checked only to be a list: its transactions are left to the caller to validate, so a range
     * read that wants a few of a page's transactions (`read-chain.ts`) validates those and drops the rest unread.
     */
    getTransactionPage: (start: bigint, limit: number, pinned: bigint) => readTransactionPage(start, limit, pinned),

    /** A view function at `ledgerVersion`, posted as JSON (0L rejects the SDK's BCS `view()`). */
    view: <S extends z.ZodType>(fn: string, functionArguments: string[], ledgerVersion: bigint, schema: S) =>
      readView(fn, functionArguments, ledgerVersion, schema, (failure) => {
        throw failure;
      }),

    /**
     * Like `view`, but a Move abort (400 `invalid_input`, e.g. `get_user_donations` for an account the framework
     * does not know as a donor) resolves to null instead of failing the run.
     */
    viewUnlessAborted: <S extends z.ZodType>(
      fn: string,
      functionArguments: string[],
      ledgerVersion: bigint,
      schema: S,
    ) => readView(fn, functionArguments, ledgerVersion, schema, () => null),

    /** Events of one stream, `[fromSequence, untilSequence)`, paged (see `readEventStream`). */
    readEvents: (request: Omit<EventStreamRequest, "nodeUrl">, hooks?: EventStreamHooks) =>
      readEventStream(send, pause, { ...request, nodeUrl }, hooks),

    /** The block holding `version` (its timestamp dates that version). */
    getBlockByVersion: (version: bigint) => {
      const what = `block at version ${version}`;
      return call(what, BlockSchema, () =>
        readJson(what, `blocks/by_version/${version}`, { with_transactions: "false" }),
      );
    },
  };
}
