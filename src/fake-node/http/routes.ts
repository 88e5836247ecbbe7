import type { EventJson, FakeChain, MoveJson } from "../model.ts";
import {
  computeTransactionsStart,
  DEFAULT_PAGE_SIZE,
  determineLimit,
  MAX_PAGE_SIZE,
  MAX_RESOURCES_PAGE_SIZE,
  pageAccountTransactions,
  pageEvents,
  pageResources,
  versionOf,
} from "./paging.ts";
import {
  canonicalTypeTag,
  encodeResourceCursor,
  parseAddressPath,
  parseBoolQuery,
  parseHashPath,
  parseIdentifierPath,
  parseIntegerU64Path,
  parseResourceCursorQuery,
  parseStructTagPath,
  parseU16Query,
  parseU32Query,
  parseU64Path,
  parseU64Query,
  shortAddress,
} from "./params.ts";
import { apiError, frameworkError, type LedgerInfo, messages, NodeHttpError, okReply, type Reply } from "./reply.ts";

/**
 * The `/v1` endpoints the fake node serves, each following its handler in 0LNetworkCommunity/diem @ 6c6bac86
 * (`api/src/{index,basic,accounts,state,events,transactions,blocks,view_function}.rs`): the same order of checks,
 * the same status codes, error codes and messages.
 */

/** What one request sees of the chain: the head and oldest version after lag/pruning faults. */
export interface NodeView {
  chain: FakeChain;
  head: bigint;
  oldest: bigint;
  /** The LATEST ledger info: headers always describe the node's state, not the version asked for. */
  ledger: LedgerInfo;
}

export interface RouteRequest {
  view: NodeView;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Wall clock in milliseconds, only for `/-/healthy?duration_secs=` (never for chain data). */
  now: () => number;
}

interface Route {
  method: "GET" | "POST";
  segments: string[];
  handle: (request: RouteRequest) => Reply;
}

/** Marks the fake node in `GET /v1/` so tools (e.g. `npm run snapshot`) can flag simulated data. */
export const FAKE_NODE_GIT_HASH = "ledgerlight-fake-node";

/** Builds the LATEST ledger info for a head/oldest pair. */
export function buildLedgerInfo(chain: FakeChain, head: bigint, oldest: bigint): LedgerInfo {
  const point = chain.ledgerAt(head);
  return {
    chainId: chain.chainId,
    version: head,
    oldestVersion: oldest,
    timestampUsec: point.timestampUsec,
    epoch: point.epoch,
    blockHeight: point.blockHeight,
    oldestBlockHeight: oldestBlockHeight(chain, oldest),
  };
}

/**
 * The node reports the first block that STARTS at or after the oldest version (`get_next_block_event`), so a
 * block cut in the middle by pruning does not count.
 */
function oldestBlockHeight(chain: FakeChain, oldest: bigint): bigint {
  const height = chain.ledgerAt(oldest).blockHeight;
  const first = chain.blockByVersion(oldest)?.first_version;
  return typeof first === "string" && /^[0-9]+$/.test(first) && BigInt(first) < oldest ? height + 1n : height;
}

/** `Context::get_latest_ledger_info_and_verify_lookup_version`. */
function verifyLookupVersion(view: NodeView, requested: bigint | undefined): bigint {
  const version = requested ?? view.head;
  if (version > view.head) throw apiError(404, "version_not_found", messages.versionNotFound(version), view.ledger);
  if (version < view.oldest) throw apiError(410, "version_pruned", messages.versionPruned(version), view.ledger);
  return version;
}

function param(request: RouteRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`route parameter ${name} missing`);
  return value;
}

/** Type tags from the chain in the node's printed form (the chain may space generics differently). */
function canonicalOrSelf(type: string): string {
  try {
    return canonicalTypeTag(type);
  } catch {
    return type;
  }
}

function findResource(view: NodeView, address: string, structTag: string, version: bigint) {
  return view.chain.resources(address, version)?.find((resource) => canonicalOrSelf(resource.type) === structTag);
}

function isEventHandle(value: MoveJson | undefined): value is { counter: string; guid: { [key: string]: MoveJson } } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof value.counter === "string" &&
    typeof value.guid === "object" &&
    value.guid !== null &&
    !Array.isArray(value.guid)
  );
}

/** `creation_num` inside an EventHandle's `guid.id`, if it is there. */
function handleCreationNumber(handle: { guid: { [key: string]: MoveJson } }): bigint | undefined {
  const id = handle.guid.id;
  if (typeof id !== "object" || id === null || Array.isArray(id)) return undefined;
  const creation = id.creation_num;
  return typeof creation === "string" && /^[0-9]+$/.test(creation) ? BigInt(creation) : undefined;
}

function listEvents(request: RouteRequest, events: readonly EventJson[] | undefined): Reply {
  const { view } = request;
  const start = parseU64Query("start", request.query.get("start"));
  const limit = determineLimit(
    parseU16Query("limit", request.query.get("limit")),
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    view.ledger,
  );
  // An event key nobody ever emitted to is not an error for the node: the DB lookup just finds nothing.
  return okReply(pageEvents(events ?? [], start, limit, view.head), view.ledger);
}

function transactionVersionOrPruned(view: NodeView, tx: Record<string, MoveJson>, context: string): void {
  const version = versionOf(tx);
  if (version < view.oldest) {
    throw apiError(500, "internal_error", messages.transactionPruned(context, version, view.oldest), view.ledger);
  }
}

/**
 * `POST /view` takes `Json<ViewRequest>` only: poem-openapi rejects any other Content-Type before the handler
 * runs with 415 and `ContentTypeError::NotSupported`, which `convert_error` turns into a `web_framework_error`
 * body without ledger headers. This is what ts-sdk `view()` (BCS, `application/x.aptos.view_function+bcs`) gets.
 */
function parseViewBody(request: RouteRequest): { fn: string; typeArguments: string[]; args: unknown[] } {
  const raw = request.headers["content-type"];
  const contentType = Array.isArray(raw) ? raw[0] : raw;
  if (contentType === undefined || contentType === "") {
    throw frameworkError(415, "the client request does not include the `Content-Type` header");
  }
  const mime = /^\s*([^/\s;]+)\/([^\s;]+)/.exec(contentType.toLowerCase());
  const isJson = mime?.[1] === "application" && (mime[2] === "json" || mime[2]?.endsWith("+json") === true);
  if (!isJson) {
    throw frameworkError(415, `the \`Content-Type\` requested by the client is not supported: ${contentType}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch (error) {
    throw frameworkError(400, `parse request payload error: ${(error as Error).message}`);
  }
  const payloadError = (what: string) =>
    frameworkError(400, `parse request payload error: failed to parse "ViewRequest": ${what}`);
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw payloadError("expected an object");
  const { function: fn, type_arguments: typeArguments, arguments: args } = body as Record<string, unknown>;
  if (typeof fn !== "string") throw payloadError("field `function` must be a string");
  if (!/^0x[0-9a-fA-F]{1,64}::[a-zA-Z_][a-zA-Z0-9_]*::[a-zA-Z_][a-zA-Z0-9_]*$/.test(fn)) {
    throw payloadError(`invalid entry function id ${JSON.stringify(fn)}`);
  }
  if (!Array.isArray(typeArguments) || !typeArguments.every((item) => typeof item === "string")) {
    throw payloadError("field `type_arguments` must be an array of strings");
  }
  if (!Array.isArray(args)) throw payloadError("field `arguments` must be an array");
  return { fn, typeArguments, args };
}

/** Rust `{:?}` of the VM error the node wraps an abort in (`DiemVM::execute_view_function`). */
function abortMessage(fn: string, message: string, code: number): string {
  const [address = "0x1", module = ""] = fn.split("::");
  const address64 = address.slice(2).toLowerCase().padStart(64, "0");
  return (
    `Failed to execute function: VMError { major_status: ABORTED, sub_status: Some(${code}), ` +
    `message: Some(${JSON.stringify(message)}), exec_state: None, location: Module(ModuleId { ` +
    `address: ${address64}, name: Identifier(${JSON.stringify(module)}) }), indices: [], offsets: [] }`
  );
}

const routes: Route[] = [
  {
    method: "GET",
    segments: [],
    handle: ({ view }) =>
      okReply(
        {
          chain_id: view.ledger.chainId,
          epoch: view.ledger.epoch.toString(),
          ledger_version: view.ledger.version.toString(),
          oldest_ledger_version: view.ledger.oldestVersion.toString(),
          ledger_timestamp: view.ledger.timestampUsec.toString(),
          node_role: "full_node",
          oldest_block_height: view.ledger.oldestBlockHeight.toString(),
          block_height: view.ledger.blockHeight.toString(),
          git_hash: FAKE_NODE_GIT_HASH,
        },
        view.ledger,
      ),
  },
  {
    method: "GET",
    segments: ["-", "healthy"],
    handle: (request) => {
      const { view } = request;
      const duration = parseU32Query("duration_secs", request.query.get("duration_secs"));
      if (duration !== undefined) {
        const expectedUsec = (BigInt(Math.floor(request.now())) - duration * 1000n) * 1000n;
        if (view.ledger.timestampUsec < expectedUsec) {
          throw apiError(503, "health_check_failed", messages.healthCheckFailed(), view.ledger);
        }
      }
      return okReply({ message: "diem-node:ok" }, view.ledger);
    },
  },
  {
    method: "GET",
    segments: ["accounts", ":address"],
    handle: (request) => {
      const { view } = request;
      const address = parseAddressPath("address", param(request, "address"));
      const version = verifyLookupVersion(view, parseU64Query("ledger_version", request.query.get("ledger_version")));
      const account = view.chain.account(address, version);
      if (!account) {
        throw apiError(404, "account_not_found", messages.accountNotFound(shortAddress(address), version), view.ledger);
      }
      return okReply(account, view.ledger);
    },
  },
  {
    method: "GET",
    segments: ["accounts", ":address", "resources"],
    handle: (request) => {
      const { view, query } = request;
      const address = parseAddressPath("address", param(request, "address"));
      const requested = parseU64Query("ledger_version", query.get("ledger_version"));
      const startType = parseResourceCursorQuery("start", query.get("start"));
      const requestedLimit = parseU16Query("limit", query.get("limit"));
      const version = verifyLookupVersion(view, requested);
      const resources = view.chain.account(address, version) ? view.chain.resources(address, version) : undefined;
      if (!resources) {
        throw apiError(404, "account_not_found", messages.accountNotFound(shortAddress(address), version), view.ledger);
      }
      const limit = determineLimit(requestedLimit, MAX_RESOURCES_PAGE_SIZE, MAX_RESOURCES_PAGE_SIZE, view.ledger);
      const { page, nextType } = pageResources(resources, startType, limit, canonicalOrSelf);
      return okReply(page, view.ledger, nextType === undefined ? undefined : encodeResourceCursor(address, nextType));
    },
  },
  {
    method: "GET",
    segments: ["accounts", ":address", "resource", ":resource_type"],
    handle: (request) => {
      const { view } = request;
      const address = parseAddressPath("address", param(request, "address"));
      const structTag = parseStructTagPath("resource_type", param(request, "resource_type"));
      const version = verifyLookupVersion(view, parseU64Query("ledger_version", request.query.get("ledger_version")));
      // The node does not check the account first: a missing account is a missing resource.
      const resource = findResource(view, address, structTag, version);
      if (!resource) {
        throw apiError(
          404,
          "resource_not_found",
          messages.resourceNotFound(shortAddress(address), structTag, version),
          view.ledger,
        );
      }
      return okReply(resource, view.ledger);
    },
  },
  {
    method: "GET",
    segments: ["accounts", ":address", "events", ":creation_number"],
    handle: (request) => {
      const { view } = request;
      const address = parseAddressPath("address", param(request, "address"));
      const creationNumber = parseU64Path("creation_number", param(request, "creation_number"));
      parseU64Query("start", request.query.get("start"));
      parseU16Query("limit", request.query.get("limit"));
      if (!view.chain.account(address, view.head)) {
        throw apiError(
          404,
          "account_not_found",
          messages.accountNotFound(shortAddress(address), view.head),
          view.ledger,
        );
      }
      return listEvents(request, view.chain.events(address, { kind: "creationNumber", creationNumber }));
    },
  },
  {
    method: "GET",
    segments: ["accounts", ":address", "events", ":event_handle", ":field_name"],
    handle: (request) => {
      const { view } = request;
      const address = parseAddressPath("address", param(request, "address"));
      const structTag = parseStructTagPath("event_handle", param(request, "event_handle"));
      const fieldName = parseIdentifierPath("field_name", param(request, "field_name"));
      parseU64Query("start", request.query.get("start"));
      parseU16Query("limit", request.query.get("limit"));
      // `find_event_key` reads the resource at the head: a missing account is a missing resource here too.
      const resource = findResource(view, address, structTag, view.head);
      if (!resource) {
        throw apiError(
          404,
          "resource_not_found",
          messages.resourceNotFound(shortAddress(address), structTag, view.head),
          view.ledger,
        );
      }
      const data = resource.data;
      const field = typeof data === "object" && data !== null && !Array.isArray(data) ? data[fieldName] : undefined;
      if (field === undefined) {
        throw apiError(
          404,
          "struct_field_not_found",
          messages.structFieldNotFound(shortAddress(address), structTag, fieldName, view.head),
          view.ledger,
        );
      }
      if (!isEventHandle(field)) {
        throw apiError(400, "invalid_input", messages.notAnEventHandle(fieldName), view.ledger);
      }
      const creationNumber = handleCreationNumber(field);
      const events =
        view.chain.events(address, { kind: "handle", structTag: resource.type, fieldName }) ??
        (creationNumber === undefined
          ? undefined
          : view.chain.events(address, { kind: "creationNumber", creationNumber }));
      return listEvents(request, events);
    },
  },
  {
    method: "GET",
    segments: ["accounts", ":address", "transactions"],
    handle: (request) => {
      const { view } = request;
      const address = parseAddressPath("address", param(request, "address"));
      const start = parseU64Query("start", request.query.get("start"));
      const requestedLimit = parseU16Query("limit", request.query.get("limit"));
      const account = view.chain.account(address, view.head);
      if (!account) {
        throw apiError(
          404,
          "account_not_found",
          messages.accountNotFound(shortAddress(address), view.head),
          view.ledger,
        );
      }
      const limit = determineLimit(requestedLimit, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, view.ledger);
      const sequenceNumber = /^[0-9]+$/.test(account.sequence_number) ? BigInt(account.sequence_number) : 0n;
      const page = pageAccountTransactions(
        view.chain.accountTransactions(address),
        start,
        limit,
        view.head,
        sequenceNumber,
      );
      return okReply(page, view.ledger);
    },
  },
  {
    method: "GET",
    segments: ["transactions"],
    handle: (request) => {
      const { view } = request;
      const requestedStart = parseU64Query("start", request.query.get("start"));
      const requestedLimit = parseU16Query("limit", request.query.get("limit"));
      const limit = determineLimit(requestedLimit, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, view.ledger);
      const start = computeTransactionsStart(requestedStart, limit, view.head, view.ledger);
      if (start < view.oldest) {
        throw apiError(
          500,
          "internal_error",
          messages.transactionPruned("Failed to read raw transactions from storage", start, view.oldest),
          view.ledger,
        );
      }
      const transactions: Array<Record<string, MoveJson>> = [];
      for (let version = start; version < start + limit && version <= view.head; version += 1n) {
        const tx = view.chain.transactionByVersion(version);
        if (tx) transactions.push(tx);
      }
      return okReply(transactions, view.ledger);
    },
  },
  {
    method: "GET",
    segments: ["transactions", "by_version", ":txn_version"],
    handle: (request) => {
      const { view } = request;
      const version = parseU64Path("txn_version", param(request, "txn_version"));
      const tx = version > view.head ? undefined : view.chain.transactionByVersion(version);
      if (!tx) {
        throw apiError(404, "transaction_not_found", messages.transactionNotFoundByVersion(version), view.ledger);
      }
      transactionVersionOrPruned(view, tx, `Failed to get transaction by version ${version}`);
      return okReply(tx, view.ledger);
    },
  },
  {
    method: "GET",
    segments: ["transactions", "by_hash", ":txn_hash"],
    handle: (request) => {
      const { view } = request;
      const hash = parseHashPath("txn_hash", param(request, "txn_hash"));
      const tx = view.chain.transactionByHash(hash);
      if (!tx || versionOf(tx) > view.head) {
        throw apiError(404, "transaction_not_found", messages.transactionNotFoundByHash(hash), view.ledger);
      }
      transactionVersionOrPruned(view, tx, `Failed to get transaction by hash ${hash}`);
      return okReply(tx, view.ledger);
    },
  },
  {
    method: "GET",
    segments: ["blocks", "by_version", ":version"],
    handle: (request) => {
      const { view } = request;
      const version = parseIntegerU64Path("version", param(request, "version"));
      const withTransactions = parseBoolQuery("with_transactions", request.query.get("with_transactions")) ?? false;
      if (version < view.oldest) {
        throw apiError(410, "version_pruned", messages.versionPruned(version), view.ledger);
      }
      if (version > view.head) {
        throw apiError(404, "version_not_found", messages.versionNotFound(version), view.ledger);
      }
      const block = view.chain.blockByVersion(version);
      if (!block) throw apiError(404, "block_not_found", messages.blockNotFoundByVersion(version), view.ledger);
      const first = typeof block.first_version === "string" ? BigInt(block.first_version) : version;
      const last = typeof block.last_version === "string" ? BigInt(block.last_version) : version;
      // A block whose end the node has not committed yet is not served (`Context::get_block`).
      if (last > view.head) {
        const height = typeof block.block_height === "string" ? BigInt(block.block_height) : 0n;
        throw apiError(404, "block_not_found", messages.blockNotFoundByHeight(height), view.ledger);
      }
      let transactions: Array<Record<string, MoveJson>> | null = null;
      if (withTransactions) {
        transactions = [];
        for (let v = first; v <= last; v += 1n) {
          const tx = view.chain.transactionByVersion(v);
          if (tx) transactions.push(tx);
        }
      }
      // poem-openapi writes `Option::None` as null: a real node answers `"transactions": null` when not asked.
      return okReply({ ...block, transactions }, view.ledger);
    },
  },
  {
    method: "POST",
    segments: ["view"],
    handle: (request) => {
      const { view } = request;
      const { fn, typeArguments, args } = parseViewBody(request);
      const version = verifyLookupVersion(view, parseU64Query("ledger_version", request.query.get("ledger_version")));
      const result = view.chain.view(fn, typeArguments, args, version);
      if (result.ok) return okReply(result.values, view.ledger);
      if (result.kind === "invalid") {
        // Argument conversion (`convert_view_function`) fails before execution, with ledger headers.
        throw apiError(400, "invalid_input", result.message, view.ledger);
      }
      // Execution errors use `bad_request_with_code_no_info`: no ledger headers, and `new_with_error_code` leaves
      // vm_error_code None (null) at this node version; the abort code is only in the message's `sub_status`.
      throw new NodeHttpError(400, "invalid_input", abortMessage(fn, result.message, result.vmErrorCode));
    },
  },
];

/** Splits `/v1/...` into decoded segments; undefined when the path is not under `/v1` or cannot be decoded. */
export function splitApiPath(pathname: string): string[] | undefined {
  if (pathname !== "/v1" && !pathname.startsWith("/v1/")) return undefined;
  const rest = pathname.slice("/v1".length).replace(/^\//, "");
  if (rest === "") return [];
  try {
    return rest.split("/").map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** Finds the route for a request, or throws the framework's 404 / 405. */
export function resolveRoute(
  method: string,
  segments: string[] | undefined,
): { handle: Route["handle"]; params: Record<string, string> } {
  if (segments === undefined) throw frameworkError(404, messages.routeNotFound());
  let pathMatched = false;
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((expected, index) => {
      const actual = segments[index] ?? "";
      if (expected.startsWith(":")) {
        params[expected.slice(1)] = actual;
        return actual !== "";
      }
      return expected === actual;
    });
    if (!matches) continue;
    pathMatched = true;
    if (route.method === method) return { handle: route.handle, params };
  }
  throw frameworkError(pathMatched ? 405 : 404, pathMatched ? messages.methodNotAllowed() : messages.routeNotFound());
}
