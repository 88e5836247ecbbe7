import { readFile } from "node:fs/promises";
import path from "node:path";
import { type ConfigData, HtmlValidate } from "html-validate";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { repoRoot } from "../support/site/build-site.ts";
import { listDist } from "../support/site/dist-files.ts";

/** The page type of a built file: numbers and list keys (status, quarter) replaced, so one page stands for all. */
function pageType(file: string): string {
  return file
    .replace(/\/\d+\//g, "/:n/")
    .replace(/^transfers\/(status|quarter)\/[^/]+\//, "transfers/$1/:key/")
    .replace(/^donors\/0x[0-9a-f]+\//, "donors/:address/");
}

/** The first page of each type in a build (html-validate takes ~12 ms a page, so a sample, not every page). */
async function samplePages(dist: string): Promise<string[]> {
  const byType = new Map<string, string>();
  for (const file of (await listDist(dist)).filter((name) => name.endsWith(".html"))) {
    if (!byType.has(pageType(file))) byType.set(pageType(file), file);
  }
  return [...byType.values()];
}

function summarise(report: Awaited<ReturnType<HtmlValidate["validateString"]>>): string[] {
  return report.results.flatMap((result) =>
    result.messages.map((m) => `${result.filePath}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
  );
}

describe("HTML validation (html-validate, the committed .htmlvalidate.json)", () => {
  let validator: HtmlValidate;

  beforeAll(async () => {
    const config = JSON.parse(await readFile(path.join(repoRoot, ".htmlvalidate.json"), "utf8")) as ConfigData;
    validator = new HtmlValidate({ ...config, root: true });
  });

  it("reports errors in known-bad markup (the validator and its rules are live)", async () => {
    const report = await validator.validateString(
      '<!DOCTYPE html><html><head><title>x</title></head><body><p style="color:red">a<div>b</div><img src="a.png"><a href="#">x</a><a href="#">x</a></body></html>',
      "known-bad.html",
    );
    expect(report.valid).toBe(false);
    const rules = new Set(report.results.flatMap((result) => result.messages.map((m) => m.ruleId)));
    expect([...rules]).toEqual(expect.arrayContaining(["no-inline-style", "wcag/h37", "element-required-attributes"]));
  });

  for (const build of ["defaultDist", "hostileDist", "pagedDist"] as const) {
    it(`finds no error on one page of each type (${build})`, async () => {
      const dist = inject(build);
      const files = await samplePages(dist);
      // The hostile transfer pages differ only in their description: all of them, since that is the point.
      if (build === "hostileDist") {
        files.push(...(await listDist(dist)).filter((file) => /^transfers\/\d+\/index\.html$/.test(file)));
      }
      expect(files.length).toBeGreaterThanOrEqual(build === "hostileDist" ? 50 : 10);
      const problems: string[] = [];
      for (const file of new Set(files)) {
        problems.push(
          ...summarise(await validator.validateString(await readFile(path.join(dist, file), "utf8"), file)),
        );
      }
      expect(problems).toEqual([]);
    });
  }

  it("samples every page type of the committed build, including the search page and paginated lists", async () => {
    const types = new Set((await samplePages(inject("pagedDist"))).map(pageType));
    for (const type of [
      "index.html",
      "transfers/index.html",
      "transfers/:n/index.html",
      "transfers/page/:n/index.html",
    ]) {
      expect(types.has(type), type).toBe(true);
    }
    expect(new Set((await samplePages(inject("defaultDist"))).map(pageType)).has("search/index.html")).toBe(true);
  });
});
