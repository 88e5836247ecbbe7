import { z } from "zod";
import { type ChainReader, createChainReader } from "../src/chain/reader.ts";
import { UsageError } from "../src/errors.ts";
import { claimsFakeNode } from "../src/lib/ledger/simulated-history.ts";
import type { LedgerInfo } from "../src/schemas/chain.ts";
import type { ProgramConfig } from "../src/schemas/program.ts";
import { acquireContentLock } from "../src/store/content-lock.ts";

// The command line and the exit, shared with the CLIs that never read the chain (cli-run.ts).
export {
  type CliOptions,
  describeCliFailure,
  failedAfterWriting,
  parseCliArgs,
  parseCommandLine,
  runCli,
} from "./cli-run.ts";

/**
 * A node URL option (`--node`): http or https only, as reads must never go anywhere else; anything else is a usage
 * error (exit 2) before a single request.
 */
export const NodeUrlSchema = z.url({
  protocol: /^https?$/,
  error: "expected the node's http(s) REST URL, e.g. https://rpc.example.org/v1",
});

/**
 * The node a reading command talks to: `--node`, else the first of the program's `network.nodeUrls`; with the
 * per-request timeout and the run deadline when the command takes them (`--timeout-ms`, `--deadline-s`).
 */
export function cliChainReader(
  program: ProgramConfig,
  args: { node?: string | undefined; "timeout-ms"?: number; "deadline-s"?: number },
): ChainReader {
  const nodeUrl = args.node ?? program.network.nodeUrls[0];
  if (nodeUrl === undefined) {
    throw new UsageError("No node to read: program.yaml lists no network.nodeUrls and no --node URL was given.", {
      advice: "pass --node https://…/v1, or add the node's URL to network.nodeUrls in program.yaml.",
    });
  }
  return createChainReader({
    nodeUrl,
    ...(args["timeout-ms"] === undefined ? {} : { timeoutMs: args["timeout-ms"] }),
    ...(args["deadline-s"] === undefined ? {} : { deadlineMs: Date.now() + args["deadline-s"] * 1000 }),
  });
}

/**
 * Whether a run says its data is simulated, and why: `--simulated`, or the node's `git_hash` names the fake node.
 * Only a first snapshot takes this word for it; a committed history keeps its own flag (runSnapshot).
 */
export function simulatedClaim(info: LedgerInfo, flag: boolean): { simulated: boolean; simulatedBecause: string } {
  if (flag) return { simulated: true, simulatedBecause: "--simulated" };
  const fake = claimsFakeNode(info.git_hash);
  return {
    simulated: fake,
    simulatedBecause: `the node says it is Ledgerlight's fake node: git_hash ${info.git_hash}`,
  };
}

/**
 * Takes the lock of the content folder a command writes (src/store/content-lock.ts), for `await using`: released
 * however the command ends. A second writer is refused at once (exit 5); a lock left by a killed run is taken over
 * with a note on stderr. The start time is the clock's: it is only shown to whoever waits.
 */
export async function holdContentLock(
  contentDir: string,
  command: string,
  options: { createFolder?: boolean } = {},
): Promise<AsyncDisposable> {
  const lock = await acquireContentLock(contentDir, {
    command,
    startedAt: new Date(),
    onNote: (line) => process.stderr.write(`${line}\n`),
    ...options,
  });
  return { [Symbol.asyncDispose]: () => lock.release() };
}
