import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A child process whose output a test reads while it runs: `runScript` answers only once the process has exited,
 * but a test of a wait (a build waiting for another build's lock) must see what it prints while it waits.
 */
export interface WatchedRun {
  readonly pid: number | undefined;
  /** Everything printed so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Its exit code once it has exited (null for a signal), else undefined. */
  readonly exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;
  /** Waits until `seen` holds, the process exits or `ms` pass; says whether `seen` held. */
  until(seen: () => boolean, ms: number): Promise<boolean>;
  kill(): void;
}

export function startWatched(
  file: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): WatchedRun {
  const child = spawn(file, args, { cwd: options.cwd, env: options.env });
  let stdout = "";
  let stderr = "";
  let exitCode: number | null | undefined;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  return {
    pid: child.pid,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    get exitCode() {
      return exitCode;
    },
    exited,
    async until(seen, ms) {
      for (let waited = 0; !seen() && exitCode === undefined && waited < ms; waited += 50) await sleep(50);
      return seen();
    },
    kill: () => child.kill("SIGKILL"),
  };
}
