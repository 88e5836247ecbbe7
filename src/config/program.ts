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
    // The yaml library's message already names the line and column and quotes the line; say where to fix it.
    const at = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw new ValidationError(`${file} is not valid YAML: ${(error as Error).message.trimEnd()}`, {
      cause: error,
      advice: `fix ${file}${at ? ` at line ${at.line}, column ${at.col}` : ""} (indentation, quotes and brackets), and run again.`,
    });
  }
  return parseOrThrow(ProgramConfigSchema, data, file);
}

/** Reads and validates `content/program.yaml` (or another file); errors name the file and the key. */
export async function loadProgramConfig(file: string | URL = PROGRAM_CONFIG_PATH): Promise<ProgramConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw unreadableConfig(error, String(file));
  }
  return parseProgramConfig(text, String(file));
}

/** A program configuration that cannot be read: a missing file is bad input, naming the file and the way out. */
function unreadableConfig(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new ValidationError(`${file} does not exist, so there is no program to read.`, {
      cause: error,
      advice: `name the content folder that holds program.yaml (--content DIR, or --config FILE for the commands that take it), or create one: npm run init -- --address 0x… --content ${path.dirname(file)}.`,
    });
  }
  if (code === "EISDIR") {
    return new ValidationError(`${file} is a folder, not the program's YAML file.`, {
      cause: error,
      advice: "pass the program.yaml file itself (or its content folder with --content DIR).",
    });
  }
  // Permission and disk errors stay errno errors: the CLI reports them as the machine's (exit 6).
  return error;
}
