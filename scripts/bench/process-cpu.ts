/**
 * CPU time (user + system, ms) another process has used so far, from /proc/<pid>/stat; NaN where there is none
 * (no /proc, or the process is gone). The benchmarks read it before and after a step to charge a child (the fake
 * node) with its own work. Linux only; figures only.
 */
import { readFile } from "node:fs/promises";

export async function processCpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  try {
    // Fields after the command name: state is field 3, utime and stime are fields 14 and 15, in clock ticks.
    // The command name may itself hold ") ": the fields start after its last one.
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    const clockTicksPerSecond = 100; // USER_HZ on Linux
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return Number.NaN;
  }
}
