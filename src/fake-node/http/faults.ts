/**
 * Fault injection for the fake node: what goes wrong between a client and a real node (rate limits, failing or
 * overloaded nodes, dropped connections, cut-off bodies, stalls, a node behind its peers, pruning, slowness),
 * switchable per request pattern while a test runs.
 */

/** Which requests a rule applies to, and how often. */
export interface FaultMatch {
  /**
   * Tested against the request target exactly as the client sent it (path + query, still percent-encoded), e.g.
   * `/v1/accounts/0x1/resources?limit=5`. A RegExp matches anywhere; a string is a glob that must match the whole
   * target, where `*` matches any run of characters (including `/` and `?`) and everything else is literal.
   * Absent: every request.
   */
  path?: RegExp | string;
  /** HTTP method, case-insensitive. Absent: any. */
  method?: string;
  /** Let this many matching requests through unharmed before the rule starts firing. */
  after?: number;
  /** Fire at most this many times, then stay inert. Absent: forever. */
  times?: number;
  /** Shown in the fired-fault log. */
  name?: string;
}

/** What a rule does when it fires. */
export type FaultAction =
  /** 429 with `Retry-After: <seconds>` (a proxy's answer: plain-text body, no ledger headers). */
  | { kind: "rate-limit"; retryAfterSeconds: number }
  /** 500 or 503 with a `DiemError` body (`internal_error`), without ledger headers like the node's no-info errors. */
  | { kind: "server-error"; status: 500 | 503; message?: string }
  /** The connection is destroyed before any byte is sent (clients see ECONNRESET / "other side closed"). */
  | { kind: "reset" }
  /** The real answer's headers with its full Content-Length, then half the body, then the connection closes. */
  | { kind: "truncate" }
  /** The real answer's headers and half its body, then nothing until the server closes. */
  | { kind: "hang" }
  /** The node is `behind` versions behind the chain: lower ledger headers, 404 `version_not_found` above them. */
  | { kind: "lag"; behind: bigint }
  /** The node has pruned everything below `oldest`: 410 `version_pruned` below it. */
  | { kind: "prune"; oldest: bigint }
  /**
   * The answer is sent `ms` milliseconds after the request arrived (or once made, if that takes longer), as a remote
   * node's latency holds its own work (for benchmarks and timeout tests); combines with other faults.
   */
  | { kind: "latency"; ms: number };

export type FaultRule = FaultMatch & FaultAction;
export type FaultKind = FaultAction["kind"];

/** One firing of a rule, in request order. */
export interface FiredFault {
  kind: FaultKind;
  name: string | undefined;
  method: string;
  target: string;
}

/** The test-facing side of fault injection, exposed as `FakeNode.faults`. */
export interface FaultController {
  /** Adds a rule after the existing ones; returns a function that removes it again. */
  add(rule: FaultRule): () => void;
  /** Removes every rule (the fired log is kept; see `clearLog`). */
  clear(): void;
  /** Every fault that fired, oldest first. */
  readonly log: readonly FiredFault[];
  /** How many faults fired, optionally of one kind. */
  count(kind?: FaultKind): number;
  clearLog(): void;
}

/** Faults that answer instead of the node. */
export type TerminalFault =
  | { kind: "rate-limit"; retryAfterSeconds: number }
  | { kind: "server-error"; status: 500 | 503; message?: string }
  | { kind: "reset" };

/** What the server must do for one request, after every matching rule was consulted. */
export interface FaultPlan {
  latencyMs: number;
  lagBehind: bigint | undefined;
  pruneOldest: bigint | undefined;
  /** The first matching terminal fault wins; the node's handler is not run. */
  terminal: TerminalFault | undefined;
  /** How the node's real answer is delivered when no terminal fault fired. */
  delivery: "normal" | "truncate" | "hang";
}

interface RuleState {
  rule: FaultRule;
  matched: number;
  fired: number;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\/]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

function validate(rule: FaultRule): void {
  const counts: Array<[string, number | undefined]> = [
    ["after", rule.after],
    ["times", rule.times],
  ];
  for (const [key, value] of counts) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(`fault rule ${key} must be a non-negative integer, got ${value}`);
    }
  }
  if (rule.kind === "latency" && !(rule.ms >= 0)) throw new RangeError(`latency must be ≥ 0 ms, got ${rule.ms}`);
  if (rule.kind === "lag" && rule.behind < 0n) throw new RangeError(`lag must be ≥ 0 versions, got ${rule.behind}`);
}

/**
 * Creates the controller (for tests) and the planner (for the server). Rules are consulted in the order they
 * were added; `after` and `times` count only requests the rule matches.
 */
export function createFaults(initial: readonly FaultRule[] = []): {
  controller: FaultController;
  plan: (method: string, target: string) => FaultPlan;
} {
  let rules: Array<RuleState & { pattern: RegExp | undefined }> = [];
  const log: FiredFault[] = [];

  const controller: FaultController = {
    add(rule) {
      validate(rule);
      const pattern =
        rule.path === undefined ? undefined : typeof rule.path === "string" ? globToRegExp(rule.path) : rule.path;
      const state = { rule, matched: 0, fired: 0, pattern };
      rules.push(state);
      return () => {
        rules = rules.filter((candidate) => candidate !== state);
      };
    },
    clear() {
      rules = [];
    },
    get log() {
      return log;
    },
    count(kind) {
      return kind === undefined ? log.length : log.filter((entry) => entry.kind === kind).length;
    },
    clearLog() {
      log.length = 0;
    },
  };
  for (const rule of initial) controller.add(rule);

  function plan(method: string, target: string): FaultPlan {
    const result: FaultPlan = {
      latencyMs: 0,
      lagBehind: undefined,
      pruneOldest: undefined,
      terminal: undefined,
      delivery: "normal",
    };
    for (const state of rules) {
      const { rule, pattern } = state;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (pattern !== undefined) {
        // A global/sticky RegExp keeps lastIndex between calls; reset it so matching stays stateless.
        pattern.lastIndex = 0;
        if (!pattern.test(target)) continue;
      }
      state.matched += 1;
      if (state.matched <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && state.fired >= rule.times) continue;
      // Once a terminal fault is chosen, later terminal/delivery rules would never be observed: don't count them.
      const isTerminal = rule.kind === "rate-limit" || rule.kind === "server-error" || rule.kind === "reset";
      const isDelivery = rule.kind === "truncate" || rule.kind === "hang";
      if ((isTerminal || isDelivery) && (result.terminal !== undefined || result.delivery !== "normal")) continue;
      state.fired += 1;
      log.push({ kind: rule.kind, name: rule.name, method, target });
      switch (rule.kind) {
        case "latency":
          result.latencyMs += rule.ms;
          break;
        case "lag":
          result.lagBehind = (result.lagBehind ?? 0n) + rule.behind;
          break;
        case "prune":
          result.pruneOldest =
            result.pruneOldest === undefined || rule.oldest > result.pruneOldest ? rule.oldest : result.pruneOldest;
          break;
        case "truncate":
        case "hang":
          result.delivery = rule.kind;
          break;
        case "rate-limit":
          result.terminal = { kind: "rate-limit", retryAfterSeconds: rule.retryAfterSeconds };
          break;
        case "server-error":
          result.terminal =
            rule.message === undefined
              ? { kind: "server-error", status: rule.status }
              : { kind: "server-error", status: rule.status, message: rule.message };
          break;
        case "reset":
          result.terminal = { kind: "reset" };
          break;
      }
    }
    return result;
  }

  return { controller, plan };
}
