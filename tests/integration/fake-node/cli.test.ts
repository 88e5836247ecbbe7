import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot } from "../../support/site/build-site.ts";

/** `npm run fake-node` as a user runs it: a child process on 127.0.0.1, stopped with a signal. */

const SCRIPT = path.join(repoRoot, "scripts/fake-node.ts");
const children: ChildProcess[] = [];

function start(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return child;
}

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(args);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

/** Resolves with the base URL the script prints once it listens. */
function baseUrlOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      const match = /http:\/\/127\.0\.0\.1:\d+\/v1/.exec(seen);
      if (match) resolve(match[0]);
    });
    child.once("exit", (code) => reject(new Error(`fake-node exited with ${code} before listening:\n${seen}`)));
  });
}

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});

describe("npm run fake-node", () => {
  it("serves the default scenario until SIGTERM and prints example commands", async () => {
    const child = start(["--port", "0", "--head", "5"]);
    const url = await baseUrlOf(child);
    const index = (await (await fetch(`${url}/`)).json()) as { ledger_version: string; git_hash: string };
    expect(index).toMatchObject({ ledger_version: "5", git_hash: "ledgerlight-fake-node" });
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });

  it.each([
    [["--port", "abc"], /--port must be a non-negative whole number/],
    [["--port", "70000"], /--port must be at most 65535/],
    [["--head", "-3"], /--head/],
    [["--latency", "5"], /Unknown option '--latency'/],
    [["--scenario", "tests/fixtures/scenarios/does-not-exist.json"], /does not exist/],
  ])("rejects %j with a clear message and exit code 2", async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
