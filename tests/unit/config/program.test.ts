import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  loadProgramConfig,
  PROGRAM_CONFIG_PATH,
  parseProgramConfig,
  programConfigPath,
} from "../../../src/config/program.ts";
import { ValidationError } from "../../../src/errors.ts";
import { repoRoot } from "../../support/site/build-site.ts";

let dir: string;
let committed: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ledgerlight-config-"));
  committed = await readFile(path.join(repoRoot, PROGRAM_CONFIG_PATH), "utf8");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The thrown error, so a test can check both its type and its message. */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("the program config door", () => {
  it("puts program.yaml inside the content folder", () => {
    expect(programConfigPath("content")).toBe(PROGRAM_CONFIG_PATH);
    expect(programConfigPath("/tmp/wallet/")).toBe("/tmp/wallet/program.yaml");
  });

  it("parses the committed program.yaml, from text or from the file, to the same config", async () => {
    const fromText = parseProgramConfig(committed, PROGRAM_CONFIG_PATH);
    expect(fromText.wallet).toBe("0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2");
    expect(await loadProgramConfig(path.join(repoRoot, PROGRAM_CONFIG_PATH))).toEqual(fromText);
  });

  it("refuses YAML that does not parse, naming the file and the line", () => {
    const broken = committed.replace(/^coinSymbol:.*$/m, 'coinSymbol: "LIBRA');
    const line = committed.split("\n").findIndex((text) => text.startsWith("coinSymbol:")) + 1;
    const error = thrown(() => parseProgramConfig(broken, "wallet/program.yaml"));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^wallet\/program\.yaml is not valid YAML: /);
    expect(error.message).toMatch(new RegExp(`at line ${line}, column \\d+`));
  });

  it("refuses an unknown key, naming the file and the key", async () => {
    const file = path.join(dir, "program.yaml");
    await writeFile(file, `${committed}walletz: "0x1"\n`, "utf8");
    const error = (await loadProgramConfig(file).then(
      () => new Error("expected an error"),
      (caught: unknown) => caught,
    )) as Error;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(new RegExp(`^${file.replaceAll("/", "\\/")} is not valid:\\n`));
    expect(error.message).toMatch(/walletz/);
  });

  it("refuses a wrong value, naming the key and the value found", () => {
    const error = thrown(() =>
      parseProgramConfig(committed.replace(/^siteUrl:.*$/m, "siteUrl: not a url"), "content/program.yaml"),
    );
    expect(error.message).toMatch(/^content\/program\.yaml is not valid:\n {2}- siteUrl: .*\(found "not a url"\)/);
  });

  it("says which file is missing, as bad input with what to do (not a bug)", async () => {
    const file = path.join(dir, "nowhere", "program.yaml");
    const failing = loadProgramConfig(file);
    await expect(failing).rejects.toBeInstanceOf(ValidationError);
    await expect(failing).rejects.toThrow(`${file} does not exist, so there is no program to read.`);
    await expect(failing).rejects.toMatchObject({ advice: expect.stringMatching(/npm run init/) });
  });

  it("says a folder is not the file, and says where bad YAML is", async () => {
    await expect(loadProgramConfig(dir)).rejects.toThrow(`${dir} is a folder, not the program's YAML file.`);
    expect(() => parseProgramConfig("name: x\nwallet: [unclosed\n", "p.yaml")).toThrow(
      expect.objectContaining({ advice: expect.stringMatching(/^fix p\.yaml at line \d+, column \d+/) }),
    );
  });
});
