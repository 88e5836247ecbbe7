import { writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../src/lib/sha256.ts";
import { parseReportFile, parseWriteupFile } from "../../../src/site/content-files.ts";
import {
  findMdxFiles,
  MAX_MARKDOWN_BYTES,
  markdownFolderLoader,
  readMarkdownFolder,
  refuseOversizedMarkdown,
} from "../../../src/site/markdown-loader.ts";

// A final report is pinned and fingerprinted (README, "Reports and writeups").
const REPORT = `---\nquarter: 2025-Q3\ntitle: Q3\nauthors: [A]\npublished: 2025-10-01\nstatus: final\nledgerVersion: "1"\nbodySha256: ${sha256Hex("Body\n")}\n---\nBody\n`;
const WRITEUP = "---\ntitle: Note\nauthors: [A]\npublished: 2025-10-01\nstatus: draft\n---\nBody\n";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ledgerlight-md-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(file: string, text: string) {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text, "utf8");
}

/**
 * Runs the loader as Astro's content layer does, with an in-memory store; `dev` adds what `npm run dev` gives (a
 * watcher, a logger) and may stand in for `parseData`.
 */
async function runLoader(
  folder: string,
  parse: typeof parseReportFile | typeof parseWriteupFile,
  dev: { watcher?: unknown; logger?: unknown; parseData?: (entry: { data: unknown }) => Promise<unknown> } = {},
) {
  const stored = new Map<string, unknown>();
  const loader = markdownFolderLoader(root, folder, parse);
  const context = {
    store: { clear: () => stored.clear(), set: ({ id, data }: { id: string; data: unknown }) => stored.set(id, data) },
    parseData: async ({ data }: { data: unknown }) => data,
    generateDigest: () => "digest",
    config: { root: pathToFileURL(`${process.cwd()}/`) },
    ...dev,
  };
  await loader.load(context as unknown as Parameters<typeof loader.load>[0]);
  return stored;
}

describe("markdownFolderLoader", () => {
  it("stores one entry per Markdown file, by id", async () => {
    await put("reports/2025-q3.md", REPORT);
    await put("writeups/note.md", WRITEUP);
    const reports = await runLoader("reports", parseReportFile);
    expect([...reports.keys()]).toEqual(["2025-q3"]);
    expect(reports.get("2025-q3")).toMatchObject({ quarter: "2025-Q3", file: `${root}/reports/2025-q3.md` });
    expect([...(await runLoader("writeups", parseWriteupFile)).keys()]).toEqual(["note"]);
  });

  it("is empty when the folder does not exist", async () => {
    expect((await runLoader("reports", parseReportFile)).size).toBe(0);
  });

  it("refuses .mdx anywhere in the content folder, naming each file", async () => {
    await put("reports/2025-q3.md", REPORT);
    await put("writeups/note.mdx", "# MDX\n");
    await put("snapshots/x/evil.MDX", "x");
    await expect(runLoader("reports", parseReportFile)).rejects.toThrow(
      `.mdx files are not accepted in ${root}/: ${root}/snapshots/x/evil.MDX, ${root}/writeups/note.mdx. MDX runs code`,
    );
  });

  it("refuses other files in a Markdown folder, so none is silently left out", async () => {
    await put("writeups/note.markdown", WRITEUP);
    await expect(runLoader("writeups", parseWriteupFile)).rejects.toThrow(
      `${root}/writeups/note.markdown: only Markdown files (.md) belong in ${root}/writeups/.`,
    );
  });

  it("fails on the first invalid file, naming it", async () => {
    await put("reports/2025-q3.md", REPORT.replace("status: final", "status: final\nbalance: 1"));
    await expect(runLoader("reports", parseReportFile)).rejects.toThrow(
      `${root}/reports/2025-q3.md frontmatter is not valid:\n  - balance: unknown key`,
    );
  });
});

/** A watcher as `npm run dev` hands the loader one; `change(file)` is the watcher reporting that file changed. */
function fakeWatcher() {
  const handlers: Array<(file: string) => Promise<void>> = [];
  const watcher = {
    add: () => {},
    on: (_: string, handler: (file: string) => Promise<void>) => handlers.push(handler),
  };
  return { watcher, change: (file: string) => (handlers[0] as (file: string) => Promise<void>)(file) };
}

describe("markdownFolderLoader under npm run dev (a watcher)", () => {
  it("reloads one change after another, so the last save is what stays, however slow an earlier reload", async () => {
    await put("writeups/note.md", WRITEUP);
    const { watcher, change } = fakeWatcher();
    // The first reload's parse (the second parse, after the initial load's) waits until released: it read the
    // folder before the second save.
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstReloadRead!: () => void;
    const reading = new Promise<void>((resolve) => {
      firstReloadRead = resolve;
    });
    let parses = 0;
    const parseData = async ({ data }: { data: unknown }) => {
      parses++;
      if (parses === 2) {
        firstReloadRead();
        await slow;
      }
      return data;
    };
    const stored = await runLoader("writeups", parseWriteupFile, {
      watcher,
      logger: { info: () => {}, error: () => {} },
      parseData,
    });
    const file = path.join(root, "writeups", "note.md");
    const first = change(file);
    await reading;
    await put("writeups/note.md", WRITEUP.replace("title: Note", "title: Second save"));
    const later = change(file);
    // Reloads side by side would finish the second one now (its parse is the third); one after another, it waits.
    for (let waited = 0; parses < 3 && waited < 1000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all([first, later]);
    expect(stored.get("note")).toMatchObject({ title: "Second save" });
  });
});

describe("markdownFolderLoader under npm run dev: a save seen half-way", () => {
  it("reloads again when the file was written while a reload read it, so the finished save is what stays", async () => {
    await put("writeups/note.md", WRITEUP);
    const { watcher, change } = fakeWatcher();
    const file = path.join(root, "writeups", "note.md");
    const errors: string[] = [];
    const infos: string[] = [];
    // The save's write lands while the reload that read the truncated file is still reporting it: the watcher gives
    // no event for it (it dropped the one close behind the truncation's).
    const logger = {
      info: (line: string) => infos.push(line),
      error: (line: string) => {
        errors.push(line);
        if (errors.length === 1) writeFileSync(file, WRITEUP.replace("title: Note", "title: Saved"), "utf8");
      },
    };
    const stored = await runLoader("writeups", parseWriteupFile, { watcher, logger });
    await truncate(file, 0);
    await change(file);
    expect(errors).toEqual([expect.stringContaining("note.md has no frontmatter")]);
    expect(infos).toEqual([expect.stringContaining("(note.md changed)")]);
    expect(stored.get("note")).toMatchObject({ title: "Saved" });
  });

  it("reloads again when the write lands just after the reload, where the watcher gives it no event", async () => {
    await put("writeups/note.md", WRITEUP);
    const { watcher, change } = fakeWatcher();
    const file = path.join(root, "writeups", "note.md");
    const errors: string[] = [];
    // The save's write comes 20 ms after the reload that read the truncated file has finished (a writer slowed by
    // load): within the 50 ms in which the watcher drops a second change event of the same file.
    const logger = {
      info: () => {},
      error: (line: string) => {
        errors.push(line);
        setTimeout(() => writeFileSync(file, WRITEUP.replace("title: Note", "title: Saved late"), "utf8"), 20);
      },
    };
    const stored = await runLoader("writeups", parseWriteupFile, { watcher, logger });
    await truncate(file, 0);
    await change(file);
    expect(errors).toHaveLength(1);
    expect(stored.get("note")).toMatchObject({ title: "Saved late" });
  });

  it("reloads once when the file did not change while it was read", async () => {
    await put("writeups/note.md", WRITEUP);
    const { watcher, change } = fakeWatcher();
    const infos: string[] = [];
    const stored = await runLoader("writeups", parseWriteupFile, {
      watcher,
      logger: { info: (line: string) => infos.push(line), error: () => {} },
    });
    await put("writeups/note.md", WRITEUP.replace("title: Note", "title: Edited"));
    await change(path.join(root, "writeups", "note.md"));
    expect(infos).toHaveLength(1);
    expect(stored.get("note")).toMatchObject({ title: "Edited" });
  });
});

describe("findMdxFiles and readMarkdownFolder", () => {
  it("find nothing in a folder that does not exist", async () => {
    expect(await findMdxFiles(path.join(root, "missing"))).toEqual([]);
    expect(await readMarkdownFolder(path.join(root, "missing"), "x", parseWriteupFile)).toEqual([]);
  });

  it("skip hidden files and read files in name order", async () => {
    await put("writeups/b.md", WRITEUP);
    await put("writeups/a.md", WRITEUP);
    await put("writeups/.draft.swp", "x");
    const files = await readMarkdownFolder(path.join(root, "writeups"), "content/writeups", parseWriteupFile);
    expect(files.map((f) => f.id)).toEqual(["a", "b"]);
    expect(files[0]?.entry.file).toBe("content/writeups/a.md");
  });
});

describe("the size bound on writeups and reports", () => {
  it("refuses a file past the bound by its size, naming it, without reading it", async () => {
    await put("writeups/a.md", WRITEUP);
    await put("writeups/huge.md", "");
    // Sparse: 4 GB on paper, nothing on disk; reading it would fail differently (or take the memory).
    await truncate(path.join(root, "writeups/huge.md"), 4 * 1024 ** 3);
    await expect(readMarkdownFolder(path.join(root, "writeups"), "content/writeups", parseWriteupFile)).rejects.toThrow(
      "content/writeups/huge.md is 4294967296 bytes, more than the 1024 kB a writeup or report may have",
    );
    await expect(refuseOversizedMarkdown(root, "content")).rejects.toThrow(
      "content/writeups/huge.md is 4294967296 bytes",
    );
  });

  it("accepts a file exactly at the bound and refuses one byte more", async () => {
    const body = (bytes: number) => `${WRITEUP}${"x".repeat(bytes - Buffer.byteLength(WRITEUP) - 1)}\n`;
    await put("writeups/a.md", body(MAX_MARKDOWN_BYTES));
    await expect(refuseOversizedMarkdown(root, "content")).resolves.toBeUndefined();
    expect(await readMarkdownFolder(path.join(root, "writeups"), "content/writeups", parseWriteupFile)).toHaveLength(1);
    await put("reports/2025-q3.md", body(MAX_MARKDOWN_BYTES + 1));
    await expect(refuseOversizedMarkdown(root, "content")).rejects.toThrow(
      `content/reports/2025-q3.md is ${MAX_MARKDOWN_BYTES + 1} bytes`,
    );
  });

  it("has nothing to refuse in a content folder without reports or writeups", async () => {
    await expect(refuseOversizedMarkdown(root, "content")).resolves.toBeUndefined();
  });
});
