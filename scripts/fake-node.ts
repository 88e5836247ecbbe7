/**
 * `npm run fake-node -- [--scenario FILE] [--port N] [--host 127.0.0.1] [--head V] [--latency-ms N] [--prune-below V]`
 * Plays a Donor Voice scenario through the simulator and serves it as a 0L node's REST API (`/v1`) until
 * SIGINT/SIGTERM, for demos and for trying `npm run snapshot` by hand. The data is simulated, never real.
 */
import { existsSync } from "node:fs";
import { z } from "zod";
import { UsageError, ValidationError } from "../src/errors.ts";
import type { FaultRule } from "../src/fake-node/http/faults.ts";
import { startFakeNode } from "../src/fake-node/http/server.ts";
import { loadScenarioFile, ScenarioError } from "../src/fake-node/sim/scenario.ts";
import { simulate } from "../src/fake-node/sim/simulator.ts";
import { parseCliArgs, runCli } from "./cli.ts";

// The year the committed demo snapshot was cut from: snapshotting it adds the months after that snapshot.
const DEFAULT_SCENARIO = "tests/fixtures/scenarios/sip-year.json";
/** The Social Infrastructure Program wallet, the default wallet of the examples printed at start-up. */
const SIP = "0x19e966bfa4b32ce9b7e23721b37b96d2";
const COIN_STORE = "0x1::coin::CoinStore<0x1::libra_coin::LibraCoin>";

const digits = (what: string) => z.string().regex(/^[0-9]+$/, `${what} must be a non-negative whole number`);

const ArgsSchema = z
  .object({
    scenario: z.string().min(1).default(DEFAULT_SCENARIO),
    // Real 0L nodes serve the API on 8080.
    port: digits("--port")
      .default("8080")
      .transform((text) => Number(text))
      .pipe(z.number().int().max(65_535, "--port must be at most 65535")),
    host: z.string().min(1).default("127.0.0.1"),
    head: digits("--head")
      .transform((text) => BigInt(text))
      .optional(),
    "latency-ms": digits("--latency-ms")
      .transform((text) => Number(text))
      .pipe(z.number().int().max(600_000, "--latency-ms must be at most 600000"))
      .optional(),
    // Behave like a node that pruned its history (410 version_pruned below V), to try `npm run verify` on one.
    "prune-below": digits("--prune-below")
      .transform((text) => BigInt(text))
      .optional(),
  })
  .strict();

await runCli(async () => {
  const args = parseCliArgs(
    "fake-node",
    {
      scenario: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      head: { type: "string" },
      "latency-ms": { type: "string" },
      "prune-below": { type: "string" },
    },
    ArgsSchema,
  );
  if (!existsSync(args.scenario)) {
    throw new UsageError(`fake-node: scenario file ${args.scenario} does not exist; pass --scenario FILE.`);
  }
  let chain: ReturnType<typeof simulate>;
  try {
    chain = simulate(loadScenarioFile(args.scenario));
  } catch (error) {
    if (error instanceof ScenarioError) throw new ValidationError(error.message, { cause: error });
    throw error;
  }
  if (args.head !== undefined) {
    if (args.head > chain.lastVersion() || args.head < chain.oldest()) {
      throw new ValidationError(
        `fake-node: --head ${args.head} is outside the scenario's versions ${chain.oldest()}..${chain.lastVersion()}.`,
      );
    }
    chain.setHead(args.head);
  }
  const faults: FaultRule[] = [
    ...(args["latency-ms"] === undefined || args["latency-ms"] === 0
      ? []
      : [{ kind: "latency" as const, ms: args["latency-ms"] }]),
    ...(args["prune-below"] === undefined ? [] : [{ kind: "prune" as const, oldest: args["prune-below"] }]),
  ];
  const node = await startFakeNode({ chain, host: args.host, port: args.port, faults }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    // A port someone else holds, or a host that is not this machine's: the command line, not a bug.
    if (code === "EADDRINUSE" || code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
      throw new UsageError(`fake-node: cannot listen on ${args.host}:${args.port} (${code}).`, {
        cause: error,
        advice: "pass another --port (0 picks a free one), or --host 127.0.0.1.",
      });
    }
    throw error;
  });

  const tag = encodeURIComponent(COIN_STORE);
  const view = JSON.stringify({ function: "0x1::ol_account::balance", type_arguments: [], arguments: [SIP] });
  process.stdout.write(
    [
      `Fake 0L node (SIMULATED data, chain id ${chain.chainId}) serving ${args.scenario}`,
      `  ${node.url}`,
      `  ledger versions ${chain.oldest()}..${chain.head()} (scenario ends at ${chain.lastVersion()})`,
      "",
      "Try:",
      `  curl -s ${node.url}/`,
      `  curl -s '${node.url}/accounts/${SIP}/resource/${tag}'`,
      `  curl -s '${node.url}/accounts/${SIP}/events/${tag}/deposit_events?start=0&limit=100'`,
      `  curl -s -X POST -H 'Content-Type: application/json' -d '${view}' '${node.url}/view'`,
      `  npm run snapshot -- --node ${node.url} --simulated --out /tmp/ledgerlight-snapshot`,
      "",
      "Ctrl-C stops the node.",
      "",
    ].join("\n"),
  );

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.stdout.write("Stopping the fake node.\n");
      node.close().then(resolve, resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
});
