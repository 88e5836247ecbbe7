import { ChainRequestError } from "../errors.ts";
import { type ChainEvent, DiemErrorSchema, EventPageSchema } from "../schemas/chain.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import type { HttpRequest, RawResponse } from "./provider.ts";

/**
 * Reads one event stream by struct tag and field (`/accounts/{a}/events/{struct}/{field}`), which the SDK can no
 * longer do on 0L (its event helpers went through the Aptos indexer).
 *
 * The stream is read from `fromSequence` up to `untilSequence` (exclusive) — the handle's `counter` read at the
 * pinned version V, which is exactly how many events existed at V. Paging never trusts the requested limit (the
 * node silently clamps it): it always passes `start` and continues from the last sequence number it received.
 */
export interface EventStreamRequest {
  nodeUrl: string;
  address: string;
  structTag: string;
  fieldName: string;
  fromSequence: bigint;
  untilSequence: bigint;
  /** Page size to ask for; the node may return fewer. */
  pageSize?: number;
}

export async function readEventStream(
  send: (request: HttpRequest) => Promise<RawResponse>,
  pause: (attempt: number) => Promise<boolean>,
  request: EventStreamRequest,
  onPage?: (received: number) => void,
): Promise<ChainEvent[]> {
  const pageSize = request.pageSize ?? 100;
  const url = `${request.nodeUrl}/accounts/${request.address}/events/${encodeURIComponent(request.structTag)}/${request.fieldName}`;
  const events: ChainEvent[] = [];
  let next = request.fromSequence;
  let emptyPages = 0;
  while (next < request.untilSequence) {
    const remaining = request.untilSequence - next;
    const limit = remaining < BigInt(pageSize) ? Number(remaining) : pageSize;
    const answer = await send({ url, method: "GET", params: { start: next.toString(), limit } });
    if (answer.status !== 200) {
      const error = DiemErrorSchema.safeParse(answer.data);
      throw new ChainRequestError(
        `The node answered ${answer.status} to events ${request.structTag}/${request.fieldName} of ${request.address} from sequence ${next}` +
          (error.success ? ` (${error.data.error_code}: ${error.data.message}).` : "."),
        { url, status: answer.status },
      );
    }
    const page = parseOrThrow(EventPageSchema, answer.data, `events page ${url}?start=${next}`);
    if (page.length === 0) {
      // A node behind the one that gave us V has not indexed these events yet: wait for it to catch up.
      emptyPages++;
      if (await pause(emptyPages)) continue;
      throw new ChainRequestError(
        `The node returned no events from sequence ${next} of ${request.structTag}/${request.fieldName}, but the handle counted ${request.untilSequence} at the pinned version. The node may be lagging or pruned; try again or use another node.`,
        { url },
      );
    }
    emptyPages = 0;
    for (const event of page) {
      if (event.sequence_number !== next) {
        throw new ChainRequestError(
          `Expected event sequence ${next} of ${request.structTag}/${request.fieldName} but the node returned ${event.sequence_number}.`,
          { url },
        );
      }
      if (next >= request.untilSequence) break;
      events.push(event);
      next++;
    }
    onPage?.(events.length);
  }
  return events;
}
