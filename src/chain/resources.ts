import { ChainRequestError } from "../errors.ts";
import { ResourceListSchema } from "../schemas/chain.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { answerError } from "./answer-error.ts";
import type { AnswerReading, HttpRequest, RawResponse } from "./provider.ts";

/**
 * Lists an account's resources at a pinned version (`GET /accounts/{a}/resources?ledger_version=V`), following
 * the cursor header. Not through the SDK: ts-sdk 7.3's `getAccountResources` drops every query parameter but
 * `start`/`limit` (`getPageWithObfuscatedCursor`), so it silently reads the latest state instead of V.
 * 0L sends the cursor as `X-Diem-Cursor`; `X-Aptos-Cursor` is accepted too.
 */
export async function readResources(
  send: (request: HttpRequest) => Promise<RawResponse>,
  nodeUrl: string,
  address: string,
  ledgerVersion: bigint,
  /**
   * How the answers' bytes are received and parsed: `parseJson` as `JSON.parse` of their text would (`verify` reuses
   * what the last run's answer held), into `bodyBuffer`'s buffers.
   */
  reading?: AnswerReading,
): Promise<Array<{ type: string; data: unknown }>> {
  const url = `${nodeUrl}/accounts/${address}/resources`;
  const out: Array<{ type: string; data: unknown }> = [];
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    const params: Record<string, string> = { ledger_version: ledgerVersion.toString(), limit: "9999" };
    if (cursor !== undefined) params.start = cursor;
    const answer = await send({ url, method: "GET", params, ...reading });
    if (answer.status !== 200) {
      throw answerError(answer, `resources of ${address} at version ${ledgerVersion}`, url);
    }
    out.push(...parseOrThrow(ResourceListSchema, answer.data, `resources of ${address} at version ${ledgerVersion}`));
    const next = answer.headers["x-diem-cursor"] ?? answer.headers["x-aptos-cursor"];
    if (next === undefined || next === "") return out;
    if (next === cursor || page > 1_000) {
      throw new ChainRequestError(`The node's resource cursor for ${address} does not advance (${next}).`, { url });
    }
    cursor = next;
  }
}
