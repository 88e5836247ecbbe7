import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite, repoRoot } from "../support/site/build-site.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

/**
 * The site reads the snapshot itself (not through Astro's content layer), so the build must still refuse a bad
 * record and say which file, record and field. The manifest is updated with the edit, so only the schema can
 * catch it.
 */
describe("a build from an invalid snapshot", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("fails, naming the file, the record and the field", async () => {
    const content = await mkdtemp(path.join(tmpdir(), "ledgerlight-invalid-"));
    dirs.push(content);
    await cp(path.join(repoRoot, "content"), content, { recursive: true });
    const folder = path.join(content, "snapshots", SIP);
    const ledger = JSON.parse(await readFile(path.join(folder, "ledger.json"), "utf8"));
    ledger.entries[1].amount = "1.5";
    const text = `${JSON.stringify(ledger, null, 2)}\n`;
    await writeFile(path.join(folder, "ledger.json"), text, "utf8");
    const manifest = JSON.parse(await readFile(path.join(folder, "manifest.json"), "utf8"));
    manifest.files["ledger.json"] = createHash("sha256").update(text).digest("hex");
    await writeFile(path.join(folder, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`, "utf8");

    const build = buildSite({ label: "invalid", contentDir: content });
    await expect(build).rejects.toThrow(/ledger\.json is not valid:\s+- entries\[1\]\.amount: .*\(found "1\.5"\)/);
  });

  it("fails when a fee link names a transfer the snapshot does not have, naming the key and the uid", async () => {
    const content = await mkdtemp(path.join(tmpdir(), "ledgerlight-feelinks-"));
    dirs.push(content);
    await cp(path.join(repoRoot, "content"), content, { recursive: true });
    const program = await readFile(path.join(content, "program.yaml"), "utf8");
    await writeFile(
      path.join(content, "program.yaml"),
      program.replace('{ fee: "5", awards: ["4"] }', '{ fee: "5", awards: ["4", "404"] }'),
      "utf8",
    );
    const build = buildSite({ label: "bad-fee-link", contentDir: content });
    await expect(build).rejects.toThrow(/program\.yaml: fee links[\s\S]*feeLinks\[0\]\.awards\[1\]: no transfer 404/);
  });
});
