import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { ValidationError } from "../errors.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import { type ProgramConfig, ProgramConfigSchema } from "../schemas/program.ts";

/**
 * The one door to `program.yaml`: the CLIs, `astro.config.mjs`, the build integrations and the site all read the
 * program configuration here, parsed with the same zod schema (`src/schemas/program.ts`), so a bad file fails every
 * one of them with the same message naming the file, the line (bad YAML) or the key (a bad value).
 */

/** The program configuration's file name inside a content folder. */
export const PROGRAM_CONFIG_FILE = "program.yaml";

/** Default location of the program configuration, relative to the repository root. */
export const PROGRAM_CONFIG_PATH = `content/${PROGRAM_CONFIG_FILE}`;

/** Where a content folder's program configuration lives: `content` → `content/program.yaml`. */
export function programConfigPath(contentDir: string): string {
  return path.join(contentDir, PROGRAM_CONFIG_FILE);
}

/** Parses and validates the text of a program configuration; `file` names it in every error. */
export function parseProgramConfig(text: string, file: string): ProgramConfig {
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new ValidationError(`${file} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  return parseOrThrow(ProgramConfigSchema, data, file);
}

/** Reads and validates `content/program.yaml` (or another file); errors name the file and the key. */
export async function loadProgramConfig(file: string | URL = PROGRAM_CONFIG_PATH): Promise<ProgramConfig> {
  const text = await readFile(file, "utf8");
  return parseProgramConfig(text, String(file));
}
