import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../site/build-site.ts";

/**
 * Runs one of our CLIs (`scripts/<name>.ts`) as the workflow would, and measures what the fault suite asserts on:
 * exit code, output, wall time and the child's peak memory (its own `maxRSS`, written by a preload as it exits).
 */

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident memory of the process in MB; undefined when it was killed before it could report. */
  peakRssMb: number | undefined;
}

// Written as the process exits, however it exits normally (exit code set, process.exit, end of work).
const PRELOAD = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from "node:fs";
   process.on("exit", () => { const f = process.env.LEDGERLIGHT_TEST_RSS_FILE; if (f) writeFileSync(f, String(process.resourceUsage().maxRSS)); });`,
)}`;

export interface CommandOptions {
  env?: Record<string, string>;
  /** Kill the process (SIGKILL) after this many ms; the result then has `signal`. Default 60 s. */
  killAfterMs?: number;
  /** Called once the process has started (e.g. to kill it at a chosen moment). */
  onStart?: (child: ReturnType<typeof spawn>) => void;
  cwd?: string;
}

export async function runCommand(script: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  const scratch = await mkdtemp(path.join(tmpdir(), "ledgerlight-rss-"));
  const rssFile = path.join(scratch, "rss");
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", PRELOAD, path.join(repoRoot, "scripts", script), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, TZ: "UTC", ...options.env, LEDGERLIGHT_TEST_RSS_FILE: rssFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  options.onStart?.(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 60_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("close", (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  const rssKb = await readFile(rssFile, "utf8").then(
    (text) => Number(text),
    () => undefined,
  );
  await rm(scratch, { recursive: true, force: true });
  return { code, signal, stdout, stderr, wallMs, peakRssMb: rssKb === undefined ? undefined : rssKb / 1024 };
}
