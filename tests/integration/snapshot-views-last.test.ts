import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createChainReader } from "../../src/chain/reader.ts";
import { ChainRequestError } from "../../src/errors.ts";
import { runSnapshot } from "../../src/snapshot/run-snapshot.ts";
import { type FaultWorld, SIP, startFaultWorld } from "../support/faults/fault-world.ts";
import { folderState } from "../support/faults/folder-state.ts";

/**
 * A snapshot run writes the parts its ledger's read decides (ledger, transfers, proposals, epochs, wallet, meta)
 * while its views (receipts, veto weights, tallies: most of its requests at 10^3 donors) are still read, each file
 * read back and checked as it is written; the rest and the manifest come once the views are in. Here one view is
 * held by the proxy until the test lets it go, so what the staging folder holds while it waits is what the run
 * wrote before its views were in.
 */

let world: FaultWorld;

beforeAll(async () => {
  world = await startFaultWorld();
}, 60_000);

afterEach(() => world?.proxy.clear());

afterAll(async () => {
  await world?.close();
});

const VIEW = /^\/v1\/view/;
const LEDGER_PARTS = ["epochs.json", "ledger.json", "meta.json", "proposals.json", "transfers.json", "wallet.json"];

/**
 * Holds the run's first donor receipt view (read in the fan-out beside the events, unlike the balance view of the
 * wallet's state) until `release` answers it with `answer`, or the node's answer when none is given.
 */
function holdOneView() {
  let release: (answer?: { status: number; json: unknown }) => void = () => {};
  const released = new Promise<{ status: number; json: unknown } | undefined>((resolve) => {
    release = resolve;
  });
  let held = false;
  world.proxy.use({
    path: VIEW,
    method: "POST",
    async answer(request) {
      if (held || !request.body.toString("utf8").includes("0x1::receipts::read_receipt")) return "forward";
      held = true;
      return (await released) ?? "forward";
    },
  });
  return { release, isHeld: () => held };
}

function snapshotInto(outDir: string) {
  return runSnapshot({
    reader: createChainReader({ nodeUrl: world.proxy.url, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }),
    wallet: SIP,
    outDir,
    simulated: true,
    concurrency: 4,
  });
}

async function readFolder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(path.join(dir, name), "utf8"));
  return files;
}

/** The staging folder of a run in this process (`src/store/folder-swap.ts`). */
const stagingOf = (outDir: string) => path.join(outDir, `.${SIP}.staging-${process.pid}`);

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, withinMs = 30_000): Promise<void> {
  const until = performance.now() + withinMs;
  while (!(await condition())) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Names in the staging folder once every ledger part is there (read back and checked: the next is asked for only then). */
async function waitForLedgerPartsStaged(outDir: string): Promise<string[]> {
  let names: string[] = [];
  await waitFor("the ledger's parts in the staging folder", async () => {
    names = existsSync(stagingOf(outDir)) ? (await readdir(stagingOf(outDir))).sort() : [];
    return LEDGER_PARTS.every((name) => names.includes(name));
  });
  return names;
}

/** A snapshot run into `out` whose held view is refused (400) once the ledger's parts are staged: what it threw. */
async function runWithViewFailingLate(out: string): Promise<unknown> {
  const view = holdOneView();
  const run = snapshotInto(out).then(
    () => undefined,
    (error: unknown) => error,
  );
  await waitForLedgerPartsStaged(out);
  view.release({ status: 400, json: { message: "no such view", error_code: "invalid_input", vm_error_code: null } });
  return run;
}

describe("a snapshot run writes its ledger's parts while its views are still read", () => {
  it("a first snapshot: the ledger's parts are staged while a view waits; the finished snapshot is the one a run with no wait writes", async () => {
    const golden = path.join(world.work, "golden");
    await snapshotInto(golden);
    const out = path.join(world.work, "first");
    const view = holdOneView();
    const run = snapshotInto(out);
    const staged = await waitForLedgerPartsStaged(out);
    expect(view.isHeld()).toBe(true);
    // Nothing that needs the views (donors, vetoes), the whole snapshot (changes) or every hash (the manifest).
    expect(staged).toEqual(LEDGER_PARTS);
    view.release();
    const result = await run;
    expect(result.written).toBe(true);
    expect(existsSync(stagingOf(out))).toBe(false);
    expect(await readFolder(path.join(out, SIP))).toEqual(await readFolder(path.join(golden, SIP)));
  });

  it("a run on a committed snapshot: the same, and the committed folder stays as it was until the swap", async () => {
    const content = await world.makeContent();
    const out = path.join(content, "snapshots");
    const committed = await folderState(world.snapshotDir(content));
    const view = holdOneView();
    const run = snapshotInto(out);
    await waitForLedgerPartsStaged(out);
    expect(await folderState(world.snapshotDir(content))).toEqual(committed);
    view.release();
    const result = await run;
    expect(result.written).toBe(true);
    expect(result.snapshot.meta.ledgerVersion).toBe(world.chain.head());
  });

  it("a view that fails after the ledger's parts are staged: the view's error, the staging folder gone, the committed snapshot untouched", async () => {
    const content = await world.makeContent();
    const out = path.join(content, "snapshots");
    const before = await folderState(content);
    const error = await runWithViewFailingLate(out);
    expect(error).toBeInstanceOf(ChainRequestError);
    expect((error as Error).message).toMatch(/400/);
    expect(await folderState(content)).toEqual(before);
  });

  it("a first snapshot whose view fails after its ledger's parts are staged leaves no folder behind, not even an empty one", async () => {
    const out = path.join(world.work, "never", "snapshots");
    expect(await runWithViewFailingLate(out)).toBeInstanceOf(ChainRequestError);
    expect(existsSync(path.join(world.work, "never"))).toBe(false);
  });
});
