import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors.ts";
import { displayPath, withDisplayPaths } from "../../../src/store/display-path.ts";
import { swapInFolder } from "../../../src/store/folder-swap.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("displayPath", () => {
  it.each([
    ["/c/snapshots/.0xabc.staging-123/meta.json is bad", "/c/snapshots/0xabc/meta.json is bad"],
    ["/c/snapshots/.0xabc.retired-9 could not move", "/c/snapshots/0xabc could not move"],
    ["/c/snapshots/0xabc/.legacy.staging-77: missing", "/c/snapshots/0xabc/legacy: missing"],
    ["open '/c/.x.y.staging-1/a.json'", "open '/c/x.y/a.json'"],
    ["/c/snapshots/0xabc/meta.json is bad", "/c/snapshots/0xabc/meta.json is bad"],
    // Not our pattern: a dot-folder the user named, a staging word without a pid.
    ["/c/.config/program.yaml", "/c/.config/program.yaml"],
    ["/c/.x.staging-/a", "/c/.x.staging-/a"],
  ])("%s", (text, shown) => {
    expect(displayPath(text)).toBe(shown);
  });
});

describe("withDisplayPaths", () => {
  it("maps a staging copy to the folder the user gave, keeping the class, then the swap folders", () => {
    const error = new ValidationError(
      "/out/.ledgerlight-publish-7/content/snapshots/.0xabc.staging-7/meta.json is bad",
    );
    const shown = withDisplayPaths(error, [{ staging: "/out/.ledgerlight-publish-7/content", shown: "content" }]);
    expect(shown).toBe(error);
    expect(shown).toBeInstanceOf(ValidationError);
    expect(shown.message).toBe("content/snapshots/0xabc/meta.json is bad");
  });

  it("rewrites an errno error's path too", () => {
    const error = Object.assign(new Error("ENOSPC: write '/s/.w.staging-3/f'"), {
      code: "ENOSPC",
      path: "/s/.w.staging-3/f",
    });
    withDisplayPaths(error);
    expect(error.path).toBe("/s/w/f");
    expect(error.message).toBe("ENOSPC: write '/s/w/f'");
  });

  it("leaves what is not an Error alone", () => {
    expect(withDisplayPaths("text")).toBe("text");
  });
});

describe("swapInFolder names the folder being replaced, not its staging copy", () => {
  it("when validating the staging copy fails", async () => {
    const parent = await mkdtemp(path.join(tmpdir(), "ledgerlight-display-path-"));
    dirs.push(parent);
    const dir = path.join(parent, "wallet");
    const failing = swapInFolder(dir, new Map([["a.json", "{}"]]), async (staging) => {
      throw new ValidationError(`${path.join(staging, "a.json")} is not a snapshot file.`);
    });
    await expect(failing).rejects.toThrow(new ValidationError(`${path.join(dir, "a.json")} is not a snapshot file.`));
    await expect(failing).rejects.toBeInstanceOf(ValidationError);
    // Nothing left behind, nothing swapped in.
    expect(await readdir(parent)).toEqual([]);
  });
});
