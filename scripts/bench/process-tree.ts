/**
 * Runs a command and measures its whole process tree: CPU (user+sys, from /usr/bin/time -v, which counts every
 * descendant the command waited for, e.g. the search step) and peak RSS two ways: the largest single process
 * (/usr/bin/time) and the largest sum over the tree at one moment (sampled from /proc every 100 ms), since an idle
 * Astro process holding its heap beside a child's costs memory as much as the child does. Linux only; figures only.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";

export interface TreeUsage {
  wallMs: number;
  /** user+sys of the command and every descendant, in seconds. */
  cpuSeconds: number;
  /** The largest resident set of any one process of the tree, in bytes. */
  maxProcessRss: number;
  /** The largest sum of resident sets over the tree seen at one sample, in bytes. */
  peakTreeRss: number;
}

const PAGE_SIZE = 4096;

/** Parent of every process, from /proc/<pid>/stat (the field after the parenthesised name). */
async function parents(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => null);
    if (stat === null) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    out.set(Number(entry), Number(fields[1]));
  }
  return out;
}

/** Sum of the resident sets of `root` and its descendants, in bytes. */
async function treeRss(root: number): Promise<number> {
  const parentOf = await parents();
  const inTree = new Set([root]);
  // Parents may be listed after children, so repeat until nothing is added (trees here are a few levels deep).
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (!inTree.has(pid) && inTree.has(parent)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of inTree) {
    const statm = await readFile(`/proc/${pid}/statm`, "utf8").catch(() => null);
    if (statm !== null) total += Number(statm.split(" ")[1]) * PAGE_SIZE;
  }
  return total;
}

export async function measureTree(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<TreeUsage> {
  const started = performance.now();
  let peakTreeRss = 0;
  const result = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      "/usr/bin/time",
      ["-v", command, ...args],
      { cwd: options.cwd, env: options.env, maxBuffer: 1 << 26 },
      (error, _stdout, stderr) => {
        clearInterval(timer);
        if (error) reject(new Error(`${command} ${args.join(" ")} failed:\n${stderr}`, { cause: error }));
        else resolve(stderr);
      },
    );
    let sampling = false;
    const timer = setInterval(() => {
      if (sampling || child.pid === undefined) return;
      sampling = true;
      treeRss(child.pid)
        .then((rss) => {
          peakTreeRss = Math.max(peakTreeRss, rss);
        })
        .finally(() => {
          sampling = false;
        });
    }, 100);
  });
  const field = (name: string) => Number(new RegExp(`${name}: ([0-9.]+)`).exec(result)?.[1] ?? Number.NaN);
  return {
    wallMs: performance.now() - started,
    cpuSeconds: field("User time \\(seconds\\)") + field("System time \\(seconds\\)"),
    maxProcessRss: field("Maximum resident set size \\(kbytes\\)") * 1024,
    peakTreeRss,
  };
}
