/**
 * `npm run build` as one process that becomes each of its steps in turn, instead of a parent waiting beside its
 * Astro build. With one parent, the build's memory was Astro's process plus the parent's ~100 MB (Node, TypeScript
 * stripping, zod, yaml, the configuration) held idle for the whole render. Here scripts/build.ts prepares (command
 * line, target folder, content checks), then replaces itself (`process.execve`, Node ≥ 23.11: same process id, no
 * memory kept) with the wallet's Astro build (astro-build-process.ts), which replaces itself with scripts/build.ts
 * again when it is done, carrying the build's state and its outcome; that runs the search step, the next wallet's
 * Astro build, and at last the manifest and the swap into the target folder, or reports the failure exactly as
 * before (same message, exit code and closing line; the staging folder removed). So at any moment the build is one
 * process (and the search step's child, after Astro's has gone).
 *
 * Where `process.execve` is missing (Node < 23.11), scripts/build.ts runs the same steps with the Astro builds in
 * child processes, as `publish` and the tests' builds always do (build-wallets.ts's `buildWalletSites`).
 *
 * The hand-over is in environment variables (src/config/build-env.ts's `BUILD_CHAIN_VARIABLES`), JSON parsed here.
 */
import { z } from "zod";
import { BUILD_CHAIN_VARIABLES } from "../config/build-env.ts";

/** A process to become: the program, its whole argument list (argv[0] first) and its whole environment. */
export const ChainStepSchema = z
  .object({ file: z.string().min(1), args: z.array(z.string()), env: z.record(z.string(), z.string()) })
  .strict();
export type ChainStep = z.infer<typeof ChainStepSchema>;

/** How an Astro build ended: done, or failed with the exit code and output it would have given as a child. */
export const StepOutcomeSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true) }).strict(),
  z.object({ ok: z.literal(false), code: z.number().int(), output: z.string() }).strict(),
]);
export type StepOutcome = z.infer<typeof StepOutcomeSchema>;

/**
 * The most of a failure's output handed over: one environment variable holds at most 128 kB on Linux. A longer
 * output (a very long stack) keeps its start and its last line, where the advice is.
 */
const MAX_OUTPUT = 60_000;

/** Whether this Node can become another process (`process.execve`, Node ≥ 23.11 on POSIX). */
export function canBecome(): boolean {
  return typeof process.execve === "function";
}

/** Parses one of the chain's variables, naming it in the error (the chain is ours, so a bad one is a bug). */
export function parseChainVariable<S extends z.ZodType>(
  schema: S,
  text: string,
  name: keyof typeof BUILD_CHAIN_VARIABLES,
): z.output<S> {
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`The build's hand-over ${BUILD_CHAIN_VARIABLES[name]} is not valid: ${parsed.error.message}`);
  }
  return parsed.data;
}

/** Output cut to what one variable can carry, keeping its start and its last line. */
export function boundedOutput(output: string): string {
  if (output.length <= MAX_OUTPUT) return output;
  const body = output.trimEnd();
  const lastLine = body.slice(body.lastIndexOf("\n") + 1);
  return `${body.slice(0, MAX_OUTPUT - lastLine.length - 40)}\n[… output cut …]\n${lastLine}\n`;
}

/** Replaces this process with `step`; never returns. */
export function become(step: ChainStep): never {
  if (!process.execve) throw new Error("process.execve is not available in this Node");
  return process.execve(step.file, step.args, step.env);
}

/** Replaces this process (an Astro build of the chain) with `next`, telling it how the build ended. */
export function handOver(next: ChainStep, outcome: StepOutcome): never {
  const told: StepOutcome = outcome.ok ? outcome : { ...outcome, output: boundedOutput(outcome.output) };
  return become({ ...next, env: { ...next.env, [BUILD_CHAIN_VARIABLES.outcome]: JSON.stringify(told) } });
}

/** `npm run build`'s state, handed from one step to the next: where it builds, and how far it has come. */
export const BuildStateSchema = z
  .object({
    /** The target folder the user named, and the staging folder the build writes (swapped in at the end). */
    outDir: z.string().min(1),
    staging: z.string().min(1),
    plan: z
      .object({
        root: z.string().min(1),
        contentDir: z.string().min(1),
        outDir: z.string().min(1),
        sites: z.array(
          z
            .object({
              address: z.string().min(1),
              name: z.string(),
              outDir: z.string().min(1),
              wallet: z.string().min(1).optional(),
            })
            .strict(),
        ),
        extraEnv: z.record(z.string(), z.string()),
        sourceDateEpoch: z.number().int().optional(),
      })
      .strict(),
    /** The index in `plan.sites` of the wallet whose Astro build just ran. */
    built: z.number().int().min(0),
  })
  .strict();
export type BuildState = z.infer<typeof BuildStateSchema>;

/** An environment with its unset entries left out (a `ChainStep` carries strings only). */
export function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}

/** What one variable may hold on Linux (MAX_ARG_STRLEN, 128 kB), less room for the outcome's own variable. */
export const MAX_HANDOVER = 120_000;
