import { describe, expect, it } from "vitest";
import { matchesWord, searchIndex, wordVariants } from "../../../../src/lib/search/query.ts";
import {
  buildSearchIndex,
  CHUNK_TEXT_CHARS,
  chunkOf,
  DOCS_PER_CHUNK,
  type DocsChunk,
  docsFile,
  type SearchDocument,
  type SearchIndexMeta,
  shardFile,
  shardKey,
  type WordShard,
} from "../../../../src/lib/search/search-index.ts";
import { queryWords } from "../../../../src/lib/search/tokenize.ts";

const documents: SearchDocument[] = [
  {
    url: "/transfers/10023/",
    title: "Transfer #10023",
    text: "Transfer #10023. Amount 3,951.828018 LIBRA. To Mutual Health Plan 0x19e9",
  },
  {
    url: "/transfers/10024/",
    title: "Transfer #10024",
    text: "Transfer #10024. Description donations for the mutual fund",
  },
  {
    url: "/donors/0x00000000000000000000000000000000d0d0a1a1/",
    title: "Donor 0xd0d0…a1a1",
    text: "Address 0x00000000000000000000000000000000d0d0a1a1. Donated in total 10 LIBRA",
  },
  {
    url: "/methodology/",
    title: "How it works",
    text: "How it works. Every donation is counted; a veto stops a payment. Transfer rules.",
  },
  {
    url: "/teams/mutual-health-plan/",
    title: "Mutual Health Plan",
    text: "Mutual Health Plan. A team paid by transfers.",
  },
];

/** The index as the browser sees it: files by path, shards loaded on demand, with the keys asked for. */
function served(docs: readonly SearchDocument[]) {
  const files = buildSearchIndex(docs);
  const meta = JSON.parse(files.get("index.json") as string) as SearchIndexMeta;
  const asked: string[] = [];
  const loadShard = async (key: string): Promise<WordShard | undefined> => {
    asked.push(key);
    if (!meta.shards.includes(key)) return undefined;
    return JSON.parse(files.get(shardFile(key)) as string) as WordShard;
  };
  const urls = async (query: string) => (await searchIndex(query, loadShard)).ids.map((id) => docs[id]?.url);
  return { files, meta, asked, loadShard, urls };
}

describe("buildSearchIndex", () => {
  it("gives the same bytes for the same documents", () => {
    const once = buildSearchIndex(documents);
    const again = buildSearchIndex(structuredClone(documents));
    expect([...again]).toEqual([...once]);
    expect([...once.keys()]).toEqual([...once.keys()].sort());
  });

  it("writes the documents in chunks of DOCS_PER_CHUNK and the words in shards by their first two characters", () => {
    const many = Array.from({ length: DOCS_PER_CHUNK * 2 + 5 }, (_, at) => ({
      url: `/transfers/${at}/`,
      title: `Transfer #${at}`,
      text: `Grant ${at}`,
    }));
    const { files, meta } = served(many);
    expect(meta.documents).toBe(many.length);
    const chunks = [...files.keys()].filter((file) => file.startsWith("docs/"));
    expect(chunks).toEqual(["docs/0.json", "docs/1.json", "docs/2.json"]);
    expect(meta.chunkStarts).toEqual([0, DOCS_PER_CHUNK, DOCS_PER_CHUNK * 2]);
    expect((JSON.parse(files.get("docs/2.json") as string) as DocsChunk)[4]).toEqual([
      "/transfers/204/",
      "Transfer #204",
      "Grant 204",
    ]);
    for (const key of meta.shards) {
      const shard = JSON.parse(files.get(shardFile(key)) as string) as WordShard;
      for (const word of Object.keys(shard)) expect(shardKey(word)).toBe(key);
    }
    expect(shardFile("tr")).toBe("words/7472.json");
    expect(shardFile("ü")).toBe("words/c3bc.json");
  });

  it("ends a chunk early once its text passes CHUNK_TEXT_CHARS, and finds each document's chunk", () => {
    const short = (at: number) => ({ url: `/transfers/${at}/`, title: `Transfer #${at}`, text: "Grant" });
    const long = { url: "/donors/", title: "Donors", text: "word ".repeat(CHUNK_TEXT_CHARS / 5) };
    const docs = [short(0), short(1), short(2), long, short(4), short(5)];
    const { files, meta } = served(docs);
    expect(meta.chunkStarts).toEqual([0, 4]);
    expect(docs.map((_, id) => chunkOf(id, meta.chunkStarts))).toEqual([0, 0, 0, 0, 1, 1]);
    const second = JSON.parse(files.get(docsFile(1)) as string) as DocsChunk;
    expect(second.map(([url]) => url)).toEqual(["/transfers/4/", "/transfers/5/"]);
    expect(chunkOf(0, [0])).toBe(0);
  });
});

describe("searchIndex", () => {
  it("finds a transfer by its uid, loading the uid's shard only", async () => {
    const { urls, asked } = served(documents);
    expect(await urls("10023")).toEqual(["/transfers/10023/"]);
    expect(new Set(asked)).toEqual(new Set(["10"]));
  });

  it("matches the last word as the start of a word, the earlier ones whole", async () => {
    const { urls } = served(documents);
    expect(await urls("1002")).toEqual(["/transfers/10023/", "/transfers/10024/"]);
    expect(await urls("mutual hea")).toEqual(["/teams/mutual-health-plan/", "/transfers/10023/"]);
    expect(await urls("mutu health")).toEqual([]);
  });

  it("finds plural and singular forms of the earlier words", async () => {
    const { urls } = served(documents);
    expect(await urls("donation fo")).toEqual(["/transfers/10024/"]);
    expect(await urls("donations is")).toEqual(["/methodology/"]);
    expect(wordVariants("party")).toContain("parties");
    expect(wordVariants("parties")).toContain("party");
  });

  it("finds amounts and addresses the ways readers type them", async () => {
    const { urls } = served(documents);
    for (const query of ["3,951.828018", "3951.82", "3,951", "3951", "828018"]) {
      expect(await urls(query), query).toEqual(["/transfers/10023/"]);
    }
    for (const query of ["0x00000000000000000000000000000000d0d0a1a1", "d0d0a1", "0xd0d0"]) {
      expect(await urls(query), query).toEqual(["/donors/0x00000000000000000000000000000000d0d0a1a1/"]);
    }
  });

  it("ranks matches in the title before matches in the text, then in the index's order", async () => {
    const { urls } = served(documents);
    expect(await urls("transfer")).toEqual([
      "/transfers/10023/",
      "/transfers/10024/",
      "/methodology/",
      "/teams/mutual-health-plan/",
    ]);
    expect(await urls("health")).toEqual(["/teams/mutual-health-plan/", "/transfers/10023/"]);
  });

  it("finds nothing for a word in no document, and for an empty query", async () => {
    const { urls } = served(documents);
    expect(await urls("zzzqqqxxx")).toEqual([]);
    expect(await urls(" … ")).toEqual([]);
  });

  it("tells which shown words to mark", async () => {
    const { loadShard } = served(documents);
    const { matched } = await searchIndex("mutual hea", loadShard);
    const shown = "To Mutual Health Plan 0x19e9".split(" ");
    expect(shown.filter((word) => matchesWord(word, matched))).toEqual(["Mutual", "Health"]);
    expect(queryWords("Health.")).toEqual(["health"]);
    expect(matchesWord("Health.", matched)).toBe(true);
  });
});
