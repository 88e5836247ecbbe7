import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { matchesWord, searchIndex, wordVariants } from "../../../../src/lib/search/query.ts";
import {
  buildSearchIndex,
  CHUNK_TEXT_CHARS,
  chunkOf,
  DOCS_PER_CHUNK,
  type DocsChunk,
  docsFile,
  prefixShardKey,
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
  const urls = async (query: string) =>
    (await searchIndex(query, loadShard, meta.documents)).ids.map((id) => docs[id]?.url);
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

describe("address shards", () => {
  /** 512 donors with addresses spread like real ones: 32 leading zeros, then 32 hex digits. */
  const hex = (at: number) => createHash("sha256").update(String(at)).digest("hex").slice(0, 32);
  const donors = Array.from({ length: 512 }, (_, at) => {
    const address = `0x${"0".repeat(32)}${hex(at)}`;
    return {
      url: `/donors/${address}/`,
      title: `Donor 0x${hex(at).slice(0, 6)}…${hex(at).slice(-5)}`,
      text: `Address ${address}. Short form 0x${hex(at)}.`,
    };
  });

  it("keys a word starting 0x by the two characters after its leading zeros", () => {
    expect(shardKey("0x0000000000000000000000000000000038e614a3d34276dad783bce591c7f556")).toBe("0x38");
    expect(shardKey("0x38e614a3d34276dad783bce591c7f556")).toBe("0x38");
    expect(shardKey("0x38e614")).toBe("0x38");
    expect(shardKey("0x0")).toBe("0x0");
    expect(shardKey("0x")).toBe("0x");
    expect(shardKey("0x000a")).toBe("0xa");
    expect(shardKey("38e614")).toBe("38");
    expect(prefixShardKey("0x0000000038")).toBe("0x38");
    for (const spread of ["0x", "0x0000", "0x3", "0x0003", "3"]) expect(prefixShardKey(spread), spread).toBeUndefined();
  });

  it("finds a donor by its address loading only that address's small shard", async () => {
    const { urls, asked, files, meta } = served(donors);
    const target = donors[300] as SearchDocument;
    const address = target.url.slice("/donors/".length, -1);
    const key = `0x${hex(300).slice(0, 2)}`;
    for (const query of [address, `0x${hex(300)}`, `0x${hex(300).slice(0, 6)}`, address.slice(0, 40)]) {
      asked.length = 0;
      expect(await urls(query), query).toContain(target.url);
      expect(new Set(asked), query).toEqual(new Set([key]));
    }
    const addressShards = meta.shards.filter((shard) => shard.startsWith("0x"));
    expect(addressShards.length).toBeGreaterThan(200);
    const shardBytes = (shard: string) => (files.get(shardFile(shard)) as string).length;
    const all = addressShards.reduce((sum, shard) => sum + shardBytes(shard), 0);
    expect(shardBytes(key)).toBeLessThan(all / 50);
  });

  it("answers a start shared by many shards with whole words only, loading one shard", async () => {
    const { urls, asked } = served(donors);
    expect(await urls("0x0000")).toEqual([]);
    expect(asked).toEqual(["0x0"]);
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
    // Both uids in the title; the shorter page is more about its uid.
    expect(await urls("1002")).toEqual(["/transfers/10024/", "/transfers/10023/"]);
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

  it("ranks matches in the title before matches in the text", async () => {
    const { urls } = served(documents);
    expect((await urls("transfer")).slice(0, 2)).toEqual(["/transfers/10024/", "/transfers/10023/"]);
    expect(await urls("health")).toEqual(["/teams/mutual-health-plan/", "/transfers/10023/"]);
  });

  /** Pages of one section, each as long as the others unless it says otherwise. */
  const note = (at: number, text: string, title = "Note") => ({ url: `/notes/${at}/`, title, text });
  const filler = (words: number) => Array.from({ length: words }, (_, at) => `filler${at}`).join(" ");

  it("ranks a page whose title holds the word first, even one that says it less often", async () => {
    const docs = [note(0, `grant grant grant ${filler(7)}`), note(1, `grant ${filler(9)}`, "Grant")];
    expect(await served(docs).urls("grant")).toEqual(["/notes/1/", "/notes/0/"]);
  });

  it("ranks a page whose title is the word alone before pages whose title holds it beside others", async () => {
    // A section's list page beside its records: short record pages say the word more for their length.
    const donors = Array.from({ length: 50 }, (_, at) => ({
      url: `/donors/0x${at.toString(16).padStart(4, "0")}/`,
      title: `Donor 0x${at.toString(16).padStart(4, "0")}`,
      text: `Donor 0x${at.toString(16).padStart(4, "0")}. Donated in total ${at} LIBRA.`,
    }));
    const list = {
      url: "/donors/",
      title: "Donors",
      // Its rows name each donor by address, not by the word: a long page that says "donor" once, in its title.
      text: `Everyone who gave, largest first. ${donors.map((donor) => donor.url.slice(8, -1)).join(" LIBRA ")}`,
    };
    const { urls } = served([...donors, list]);
    for (const query of ["donors", "donor", "Donors", "dono"]) {
      expect((await urls(query))[0], query).toBe("/donors/");
    }
    // Still after a page whose title holds more of the query's words.
    const plan = { url: "/teams/donor-fund/", title: "Donor Fund", text: "A fund for donors." };
    const withPlan = served([...donors, list, plan]);
    expect((await withPlan.urls("donor fund"))[0]).toBe("/teams/donor-fund/");
    expect((await withPlan.urls("donors"))[0]).toBe("/donors/");
  });

  it("then ranks the pages that say the word more often, for their length, first", async () => {
    const docs = [
      note(0, `grant ${filler(9)}`),
      note(1, `grant grant grant ${filler(7)}`),
      note(2, `grant grant ${filler(8)}`),
      // As often as the first, in a page three times as long.
      note(3, `grant ${filler(29)}`),
    ];
    expect(await served(docs).urls("grant")).toEqual(["/notes/1/", "/notes/2/", "/notes/0/", "/notes/3/"]);
  });

  it("measures a page's length against its own section's: a long guide saying it often beats short records saying it once", async () => {
    const donors = Array.from({ length: 50 }, (_, at) => ({
      url: `/donors/0x${at.toString(16).padStart(4, "0")}/`,
      title: `Donor ${at}`,
      text: `Donor ${at}. Donated in total ${at} LIBRA. Share of all donations 0.1 %`,
    }));
    const guide = {
      url: "/methodology/",
      title: "How it works",
      text: `${"Donations are counted. ".repeat(15)}${filler(1000)}`,
    };
    const { urls } = served([...donors, guide]);
    expect((await urls("donations"))[0]).toBe("/methodology/");
  });

  it("keeps pages that are equally about the words in the index's order, query after query", async () => {
    const docs = [note(0, `grant ${filler(9)}`), note(1, `grant ${filler(9)}`), note(2, `grant ${filler(9)}`)];
    const { urls } = served(docs);
    expect(await urls("grant")).toEqual(["/notes/0/", "/notes/1/", "/notes/2/"]);
    expect(await urls("gra")).toEqual(["/notes/0/", "/notes/1/", "/notes/2/"]);
    expect(await urls("grant filler3")).toEqual(["/notes/0/", "/notes/1/", "/notes/2/"]);
  });

  it("adds up the words of a query, the rarer word counting more", async () => {
    const docs = [
      // Says the common word often and the rare one once.
      note(0, `grant grant grant veto ${filler(6)}`),
      // The rare word often, the common one once.
      note(1, `grant veto veto veto ${filler(6)}`),
      ...Array.from({ length: 8 }, (_, at) => note(at + 2, `grant veto ${filler(8)}`)),
      ...Array.from({ length: 20 }, (_, at) => note(at + 10, `grant ${filler(9)}`)),
    ];
    const { urls } = served(docs);
    expect((await urls("grant veto")).slice(0, 2)).toEqual(["/notes/1/", "/notes/0/"]);
  });

  it("finds nothing for a word in no document, and for an empty query", async () => {
    const { urls } = served(documents);
    expect(await urls("zzzqqqxxx")).toEqual([]);
    expect(await urls(" … ")).toEqual([]);
  });

  it("tells which shown words to mark", async () => {
    const { loadShard, meta } = served(documents);
    const { matched } = await searchIndex("mutual hea", loadShard, meta.documents);
    const shown = "To Mutual Health Plan 0x19e9".split(" ");
    expect(shown.filter((word) => matchesWord(word, matched))).toEqual(["Mutual", "Health"]);
    expect(queryWords("Health.")).toEqual(["health"]);
    expect(matchesWord("Health.", matched)).toBe(true);
  });
});
