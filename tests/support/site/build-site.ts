import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, "../../..");

/**
 * The time zone and locale of every build unless a test asks for others: pinned, so that the reproducibility test
 * knows what its second build must differ from (LC_ALL wins over LANG, so both are set).
 */
export const DEFAULT_BUILD_ENV = { TZ: "UTC", LANG: "C.UTF-8", LC_ALL: "C.UTF-8" } as const;

/**
 * Builds the site with the real `astro build` into a fresh temporary folder and returns that folder.
 * `contentDir` points the build at another content folder (fixtures); omit it for the committed content.
 * `projectRoot` builds another copy of the project (see `copyProject`); `env` overrides variables of the build.
 * A child process keeps Astro's Vite instance apart from Vitest's.
 */
export async function buildSite(options: {
  contentDir?: string;
  label: string;
  projectRoot?: string;
  env?: Record<string, string>;
}): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), `ledgerlight-${options.label}-`));
  const root = options.projectRoot ?? repoRoot;
  const astroBin = path.join(root, "node_modules/astro/bin/astro.mjs");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...DEFAULT_BUILD_ENV,
    ASTRO_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  if (options.contentDir) env.LEDGERLIGHT_CONTENT_DIR = options.contentDir;
  else delete env.LEDGERLIGHT_CONTENT_DIR;
  try {
    await run(process.execPath, [astroBin, "build", "--outDir", outDir, "--silent"], {
      cwd: root,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`astro build (${options.label}) failed:\n${failure.stderr ?? ""}\n${failure.stdout ?? ""}`, {
      cause: error,
    });
  }
  return outDir;
}

/** What a build reads from the project folder (besides node_modules, which the copy links to). */
const PROJECT_ENTRIES = ["astro.config.mjs", "package.json", "tsconfig.json", "src", "content", "public"];

/**
 * Copies the project as it is on disk (uncommitted edits included) into a fresh temporary folder, with a link to
 * this checkout's node_modules, so a second build runs from another path with cold caches. Returns the folder.
 */
export async function copyProject(label: string): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), `ledgerlight-${label}-project-`));
  for (const entry of PROJECT_ENTRIES) {
    await cp(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
  }
  await symlink(path.join(repoRoot, "node_modules"), path.join(copy, "node_modules"), "dir");
  return copy;
}
