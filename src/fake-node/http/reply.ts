/**
 * Replies and errors of the fake node, shaped exactly like a 0L node's (the renamed aptos-core 1.6 API in
 * 0LNetworkCommunity/diem @ 6c6bac86, `api/src/response.rs` and `api/src/error_converter.rs`).
 *
 * Two kinds of error bodies exist on a real node:
 * - the API's own errors (`response.rs`): `{message, error_code, vm_error_code}` with the seven ledger headers,
 *   except the few built `*_with_code_no_info` (a view that aborts, a failing ledger-info read);
 * - web-framework errors (poem rejecting a path/query/body before the handler runs, unknown routes), which
 *   `convert_error` rewrites into the same body with `error_code: "web_framework_error"` and NO ledger headers.
 */

/** Error codes of `DiemErrorCode` (`api/types/src/error.rs`) that the fake node can produce. */
export type DiemErrorCode =
  | "account_not_found"
  | "resource_not_found"
  | "struct_field_not_found"
  | "version_not_found"
  | "transaction_not_found"
  | "block_not_found"
  | "version_pruned"
  | "invalid_input"
  | "health_check_failed"
  | "internal_error"
  | "web_framework_error"
  | "bcs_not_supported";

/** The `DiemError` body. `vm_error_code` is serialised as `null` when absent, as poem-openapi does for `None`. */
export interface DiemErrorBody {
  message: string;
  error_code: DiemErrorCode;
  vm_error_code: number | null;
}

/** The ledger state a reply describes: the node's LATEST ledger info, whatever version was asked for. */
export interface LedgerInfo {
  chainId: number;
  version: bigint;
  oldestVersion: bigint;
  /** Microseconds since the unix epoch. */
  timestampUsec: bigint;
  epoch: bigint;
  blockHeight: bigint;
  oldestBlockHeight: bigint;
}

/** A complete HTTP answer, built before fault injection decides how (or whether) it is delivered. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the API's own JSON payloads carry (poem-openapi `Json<T>`). */
const JSON_UTF8 = "application/json; charset=utf-8";
/** What `convert_error` sets on framework errors (`mime_types::JSON`). */
const JSON_PLAIN = "application/json";

/** The seven `X-Diem-*` ledger headers every successful response and most API errors carry. */
export function ledgerHeaders(ledger: LedgerInfo): Record<string, string> {
  return {
    "X-Diem-Chain-Id": String(ledger.chainId),
    "X-Diem-Ledger-Version": ledger.version.toString(),
    "X-Diem-Ledger-Oldest-Version": ledger.oldestVersion.toString(),
    "X-Diem-Ledger-TimestampUsec": ledger.timestampUsec.toString(),
    "X-Diem-Epoch": ledger.epoch.toString(),
    "X-Diem-Block-Height": ledger.blockHeight.toString(),
    "X-Diem-Oldest-Block-Height": ledger.oldestBlockHeight.toString(),
  };
}

/** 200 with a JSON body and the ledger headers (plus `X-Diem-Cursor` when a paged listing has more). */
export function okReply(body: unknown, ledger: LedgerInfo, cursor?: string): Reply {
  const headers: Record<string, string> = { "Content-Type": JSON_UTF8, ...ledgerHeaders(ledger) };
  if (cursor !== undefined) headers["X-Diem-Cursor"] = cursor;
  return { status: 200, headers, body: JSON.stringify(body) };
}

/**
 * An error the fake node answers with. Route code throws it; the server turns it into a `Reply`.
 * `ledger` undefined means "no ledger headers" (framework errors and the `*_no_info` API errors).
 */
export class NodeHttpError extends Error {
  override readonly name = "NodeHttpError";
  readonly status: number;
  readonly errorCode: DiemErrorCode;
  readonly ledger: LedgerInfo | undefined;
  readonly vmErrorCode: number | null;
  readonly contentType: string;
  constructor(
    status: number,
    errorCode: DiemErrorCode,
    message: string,
    options: { ledger?: LedgerInfo; vmErrorCode?: number; framework?: boolean } = {},
  ) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.ledger = options.ledger;
    this.vmErrorCode = options.vmErrorCode ?? null;
    this.contentType = options.framework ? JSON_PLAIN : JSON_UTF8;
  }

  toReply(): Reply {
    const body: DiemErrorBody = { message: this.message, error_code: this.errorCode, vm_error_code: this.vmErrorCode };
    const headers: Record<string, string> = { "Content-Type": this.contentType };
    if (this.ledger) Object.assign(headers, ledgerHeaders(this.ledger));
    return { status: this.status, headers, body: JSON.stringify(body) };
  }
}

/** A poem framework error: `web_framework_error`, no ledger headers, `Content-Type: application/json`. */
export function frameworkError(status: number, message: string): NodeHttpError {
  return new NodeHttpError(status, "web_framework_error", message, { framework: true });
}

/** An API error built with `*_with_code(err, code, ledger_info)`: carries the ledger headers. */
export function apiError(status: number, code: DiemErrorCode, message: string, ledger: LedgerInfo): NodeHttpError {
  return new NodeHttpError(status, code, message, { ledger });
}

// Message texts below are the node's own (response.rs `build_not_found` and friends; page.rs).

export const messages = {
  versionNotFound: (version: bigint) => `Ledger version not found by Ledger version(${version})`,
  versionPruned: (version: bigint) => `Ledger version(${version}) has been pruned`,
  accountNotFound: (address: string, version: bigint) =>
    `Account not found by Address(${address}) and Ledger version(${version})`,
  resourceNotFound: (address: string, structTag: string, version: bigint) =>
    `Resource not found by Address(${address}), Struct tag(${structTag}) and Ledger version(${version})`,
  structFieldNotFound: (address: string, structTag: string, field: string, version: bigint) =>
    `Struct Field not found by Address(${address}), Struct tag(${structTag}), Field name(${field}) and Ledger version(${version})`,
  notAnEventHandle: (field: string) =>
    `Deserialization error, field(${field}) type is not a EventHandle struct: unexpected end of input`,
  transactionNotFoundByVersion: (version: bigint) => `Transaction not found by Ledger version(${version})`,
  transactionNotFoundByHash: (hash: string) => `Transaction not found by Transaction hash(${hash})`,
  blockNotFoundByVersion: (version: bigint) => `Block not found by Ledger version(${version})`,
  blockNotFoundByHeight: (height: bigint) => `Block not found by Block height(${height})`,
  limitZero: () => "Given limit value (0) must not be zero",
  startTooHigh: (start: bigint, max: bigint) =>
    `Given start value (${start}) is higher than the current ledger version, it must be < ${max}`,
  /** storage/diemdb `error_if_ledger_pruned`, wrapped in the handler's anyhow context (`{:#}` joins with ": "). */
  transactionPruned: (context: string, version: bigint, oldest: bigint) =>
    `${context}: Transaction at version ${version} is pruned, min available version is ${oldest}.`,
  healthCheckFailed: () => "The latest ledger info timestamp is less than the expected timestamp",
  /** poem's `NotFoundError` / `MethodNotAllowedError` texts. */
  routeNotFound: () => "not found",
  methodNotAllowed: () => "method not allowed",
} as const;
