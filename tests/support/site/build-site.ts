import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, "../../..");

/**
 * Builds the site with the real `astro build` into a fresh temporary folder and returns that folder.
 * `contentDir` points the build at another content folder (fixtures); omit it for the committed content.
 * A child process keeps Astro's Vite instance apart from Vitest's.
 */
export async function buildSite(options: { contentDir?: string; label: string }): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), `ledgerlight-${options.label}-`));
  const astroBin = path.join(repoRoot, "node_modules/astro/bin/astro.mjs");
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: "UTC", ASTRO_TELEMETRY_DISABLED: "1" };
  if (options.contentDir) env.LEDGERLIGHT_CONTENT_DIR = options.contentDir;
  else delete env.LEDGERLIGHT_CONTENT_DIR;
  try {
    await run(process.execPath, [astroBin, "build", "--outDir", outDir, "--silent"], {
      cwd: repoRoot,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`astro build (${options.label}) failed:\n${failure.stderr ?? ""}\n${failure.stdout ?? ""}`, {
      cause: error,
    });
  }
  return outDir;
}
