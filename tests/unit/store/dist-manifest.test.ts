import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  checkDistManifest,
  DIST_MANIFEST_FILE,
  stampModificationTimes,
  walkDist,
  writeDistManifest,
} from "../../../src/store/dist-manifest.ts";

const run = promisify(execFile);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

let dist: string;

beforeEach(async () => {
  dist = await mkdtemp(path.join(tmpdir(), "ledgerlight-dist-manifest-"));
  await mkdir(path.join(dist, "data/snapshot"), { recursive: true });
  await mkdir(path.join(dist, "_astro"));
  await writeFile(path.join(dist, "index.html"), "<p>home</p>\n");
  await writeFile(path.join(dist, "data/snapshot/meta.json"), "{}\n");
  await writeFile(path.join(dist, "_astro/a.css"), "p{}");
  await writeFile(path.join(dist, "feed.xml"), "");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dist, { recursive: true, force: true });
});

/** The one walk of a built dist/: the manifest, the file dates and the search step (search-index.ts) all read it. */
describe("walkDist", () => {
  it("lists every file relative to the root with / between names, and every folder after the folders it holds", () => {
    const { files, folders } = walkDist(dist);
    expect([...files].sort()).toEqual(["_astro/a.css", "data/snapshot/meta.json", "feed.xml", "index.html"]);
    expect(folders).toHaveLength(3);
    expect(new Set(folders)).toEqual(
      new Set(["_astro", "data", "data/snapshot"].map((folder) => path.join(dist, folder))),
    );
    expect(folders.indexOf(path.join(dist, "data/snapshot"))).toBeLessThan(folders.indexOf(path.join(dist, "data")));
  });

  it("refuses anything but files and folders, naming it", async () => {
    await symlink("index.html", path.join(dist, "data/home.html"));
    expect(() => walkDist(dist)).toThrow("dist/data/home.html is neither a file nor a folder");
  });
});

describe("writeDistManifest", () => {
  it("lists every file but itself with its sha256, sorted, in a form sha256sum -c accepts", async () => {
    expect(await writeDistManifest(dist)).toBe(4);
    const manifest = await readFile(path.join(dist, DIST_MANIFEST_FILE), "utf8");
    expect(manifest).toBe(
      [
        `${sha256("p{}")}  _astro/a.css`,
        `${sha256("{}\n")}  data/snapshot/meta.json`,
        `${sha256("")}  feed.xml`,
        `${sha256("<p>home</p>\n")}  index.html`,
        "",
      ].join("\n"),
    );
    await run("sha256sum", ["--check", "--strict", "--quiet", DIST_MANIFEST_FILE], { cwd: dist });
  });

  it("hashes files larger than the buffer they are read through, and a small one read after a large one", async () => {
    // 2.5 MiB of varied bytes (not one repeated byte, so a piece hashed twice or left out changes the digest), then
    // a file shorter than the buffer, read after them into the same buffer.
    const large = Buffer.alloc(2.5 * 1024 * 1024);
    for (let i = 0; i < large.length; i++) large[i] = (i * 31 + (i >> 12)) & 0xff;
    await writeFile(path.join(dist, "data/snapshot/ledger.json"), large);
    await writeFile(path.join(dist, "data/snapshot/wallet.json"), "{}");
    await writeDistManifest(dist);
    const manifest = await readFile(path.join(dist, DIST_MANIFEST_FILE), "utf8");
    expect(manifest).toContain(`${createHash("sha256").update(large).digest("hex")}  data/snapshot/ledger.json\n`);
    expect(manifest).toContain(`${sha256("{}")}  data/snapshot/wallet.json\n`);
    await run("sha256sum", ["--check", "--strict", "--quiet", DIST_MANIFEST_FILE], { cwd: dist });
  });

  it("makes sha256sum -c fail once a published file changes", async () => {
    await writeDistManifest(dist);
    await writeFile(path.join(dist, "index.html"), "<p>changed</p>\n");
    await expect(run("sha256sum", ["--check", "--quiet", DIST_MANIFEST_FILE], { cwd: dist })).rejects.toMatchObject({
      stdout: expect.stringContaining("index.html: FAILED"),
    });
  });

  it("refuses a manifest.sha256 that something else already put in dist/", async () => {
    await writeFile(path.join(dist, DIST_MANIFEST_FILE), "");
    await expect(writeDistManifest(dist)).rejects.toThrow(/manifest.sha256 exists before the build wrote it/);
  });

  it("refuses a symlink (it would not publish as a file)", async () => {
    await symlink("index.html", path.join(dist, "home.html"));
    await expect(writeDistManifest(dist)).rejects.toThrow("dist/home.html is neither a file nor a folder");
  });
});

describe("stampModificationTimes", () => {
  it("sets the access and modification time of every file and folder, the root included", async () => {
    await stampModificationTimes(dist, 1_767_225_600);
    for (const file of ["", "data", "data/snapshot", "_astro", "index.html", "data/snapshot/meta.json", "feed.xml"]) {
      const stats = await stat(path.join(dist, file));
      expect({ file, mtime: stats.mtimeMs, atime: stats.atimeMs }).toEqual({
        file,
        mtime: 1_767_225_600_000,
        atime: 1_767_225_600_000,
      });
    }
  });
});

describe("checkDistManifest", () => {
  it("counts the files of a build that matches its manifest", async () => {
    await writeDistManifest(dist);
    await expect(checkDistManifest(dist)).resolves.toBe(4);
  });

  it("refuses a build without a manifest", async () => {
    await expect(checkDistManifest(dist)).rejects.toThrow("The build wrote no manifest.sha256; nothing was published.");
  });

  it("refuses, naming it, a file changed after the manifest was written", async () => {
    await writeDistManifest(dist);
    await writeFile(path.join(dist, "feed.xml"), "<feed/>");
    await expect(checkDistManifest(dist)).rejects.toThrow("feed.xml does not match its sha256 in manifest.sha256.");
  });

  it("refuses a listed file the build did not write, and a line that is not a sha256sum line", async () => {
    await writeDistManifest(dist);
    await rm(path.join(dist, "index.html"));
    await expect(checkDistManifest(dist)).rejects.toThrow(
      "manifest.sha256 lists index.html, which the build did not write.",
    );
    await writeFile(path.join(dist, DIST_MANIFEST_FILE), `${sha256("")} feed.xml\n`);
    await expect(checkDistManifest(dist)).rejects.toThrow(/^manifest\.sha256: unreadable line ".* feed\.xml"\.$/);
  });
});
