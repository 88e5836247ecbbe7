/**
 * The benchmarks' processes: the fake node, in a process of its own as a real node is, and the measured children
 * (snapshot-child.ts, verify-child.ts). A child runs with the Node flags of the npm script a user runs and reports as
 * JSON on its last line of stdout, parsed here with the child's own schema.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { parseOrThrow } from "../../src/schemas/parse.ts";

/** The Node flags package.json's `script` runs `file` with (`node [flags] file`), so the child runs as a user's does. */
export async function scriptNodeFlags(script: string, file: string): Promise<string[]> {
  const manifest = parseOrThrow(
    z.object({ scripts: z.record(z.string(), z.string()) }),
    JSON.parse(await readFile("package.json", "utf8")),
    "package.json",
  );
  const words = (manifest.scripts[script] ?? "").split(/\s+/);
  return words.slice(words.indexOf("node") + 1, words.indexOf(file));
}

/** Runs `node [flags] file JSON(request)` and returns its report: the last line of its stdout, checked by `schema`. */
export async function runReportingChild<Report>(
  options: { flags: readonly string[]; file: string; request: unknown; name: string },
  schema: z.ZodType<Report>,
): Promise<Report> {
  const child = spawn(process.execPath, [...options.flags, options.file, JSON.stringify(options.request)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`the ${options.name} child exited with ${code}`);
  return parseOrThrow(
    schema,
    JSON.parse(out.trim().split("\n").at(-1) ?? "{}"),
    `the ${options.name} child's report (its last line on stdout)`,
  );
}

/** The fake node serving `scenarioFile` in a process of its own (as a real node is), answering after `latencyMs`. */
export async function startNodeProcess(
  scenarioFile: string,
  latencyMs: number,
): Promise<{ url: string; pid: number | undefined; stop(): void }> {
  const child = spawn(
    process.execPath,
    ["scripts/fake-node.ts", "--scenario", scenarioFile, "--port", "0", "--latency-ms", String(latencyMs)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`the fake node exited with ${code}`)));
  });
  return { url, pid: child.pid, stop: () => child.kill("SIGTERM") };
}
