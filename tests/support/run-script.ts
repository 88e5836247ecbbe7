import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "./site/build-site.ts";

const run = promisify(execFile);

/** What a CLI run left: its exit code (0 when it succeeded) and everything it printed. */
export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ScriptOptions {
  /** Where the script runs; the repository root unless said. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  maxBuffer?: number;
}

/**
 * Runs one of our CLIs (`scripts/<name>.ts`, a path relative to the repository root or absolute) under this Node,
 * as `npm run` would, and returns its exit code and output instead of throwing on a non-zero exit: the CLI tests
 * assert the documented exit code and wording of failures as much as the output of successes.
 */
export async function runScript(script: string, args: string[], options: ScriptOptions = {}): Promise<ScriptResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.resolve(repoRoot, script), ...args], {
      cwd: options.cwd ?? repoRoot,
      env: options.env,
      maxBuffer: options.maxBuffer,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}
