import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors.ts";
import { indexSite, SEARCH_RECORDS_FILE } from "../../../src/integrations/search-index.ts";

/** The search step's door: the records file the Astro build handed over is parsed before Pagefind starts. */
describe("indexSite: the records file", () => {
  let site: string;
  beforeEach(async () => {
    site = await mkdtemp(path.join(tmpdir(), "ledgerlight-search-step-"));
  });
  afterEach(async () => {
    await rm(site, { recursive: true, force: true });
  });

  it("refuses a record that is not a search record, naming the file, the record and the field", async () => {
    const file = path.join(site, SEARCH_RECORDS_FILE);
    const records = [
      { url: "/transfers/1/", content: "Transfer #1", language: "en", meta: { title: "Transfer #1" } },
      { url: "transfers/2", content: "Transfer #2", language: "en", meta: { title: "Transfer #2" } },
    ];
    await writeFile(file, JSON.stringify({ records }));
    const failure = await indexSite(site).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as Error).message).toContain(file);
    expect((failure as Error).message).toContain("records[1].url");
    // A hand-over, never published: it is gone even when it was refused.
    await expect(access(file)).rejects.toThrow();
  });

  it("refuses a file that is not JSON, naming it", async () => {
    const file = path.join(site, SEARCH_RECORDS_FILE);
    await writeFile(file, '{"records": [');
    await expect(indexSite(site)).rejects.toThrow(new RegExp(`^${file.replaceAll(".", "\\.")} is not valid JSON`));
  });

  it("fails naming the file when the Astro build left none", async () => {
    await expect(indexSite(site)).rejects.toThrow(path.join(site, SEARCH_RECORDS_FILE));
  });
});
