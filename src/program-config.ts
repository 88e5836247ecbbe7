import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { ValidationError } from "./errors.ts";
import { parseOrThrow } from "./schemas/parse.ts";
import { type ProgramConfig, ProgramConfigSchema } from "./schemas/program.ts";

/** Default location of the program configuration, relative to the repository root. */
export const PROGRAM_CONFIG_PATH = "content/program.yaml";

/** Reads and validates `content/program.yaml` (or another file); errors name the file and the key. */
export async function loadProgramConfig(file: string | URL = PROGRAM_CONFIG_PATH): Promise<ProgramConfig> {
  const text = await readFile(file, "utf8");
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new ValidationError(`${String(file)} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  return parseOrThrow(ProgramConfigSchema, data, String(file));
}
