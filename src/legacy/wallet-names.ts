import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ValidationError } from "../errors.ts";
import { sha256Hex } from "../lib/sha256.ts";
import { compareUtf8 } from "../lib/sha256-manifest.ts";
import { AddressSchema } from "../schemas/common.ts";
import { parseOrThrow } from "../schemas/parse.ts";
import type { WalletName } from "../schemas/state-history.ts";
import { parseJson } from "../store/parse-json.ts";

/**
 * Off-chain names of community wallets, from the two sources known today (metadata, not chain data): the explorer's
 * `community-wallets.json` (`{ communityWallets: { ADDRESS: { name, description } } }`, 16-byte upper-case
 * addresses) and forensic-db's labels (`[{ address, owner: "cw: name" }]`; only `cw:` labels are community
 * wallets). The kind is told from the file's shape; every name keeps its file and sha256.
 */

const ExplorerMetadata = z.strictObject({
  communityWallets: z.record(
    z.string(),
    z.looseObject({ name: z.string().trim().min(1), description: z.string().optional() }),
  ),
});
const ForensicLabels = z.array(z.looseObject({ address: z.string(), owner: z.string() }));

const LABEL_PREFIX = /^cw:\s*/;

/** Reads one names file. Throws ValidationError naming the file and the entry. */
export async function readWalletNames(file: string): Promise<WalletName[]> {
  const name = path.basename(file);
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new ValidationError(`${file} cannot be read (${error.code}).`, { cause: error });
  });
  const json = parseJson(text, name);
  const sha256 = sha256Hex(text);
  const address = (raw: string, where: string) => parseOrThrow(AddressSchema, raw, `${name} ${where}`);
  let names: WalletName[];
  if (Array.isArray(json)) {
    const source = { file: name, sha256, kind: "forensic-labels" } as const;
    names = parseOrThrow(ForensicLabels, json, name)
      .map((entry, i) => ({ entry, i }))
      .filter(({ entry }) => LABEL_PREFIX.test(entry.owner))
      .map(({ entry, i }) => ({
        address: address(entry.address, `[${i}].address`),
        name: entry.owner.replace(LABEL_PREFIX, "").trim(),
        description: null,
        source,
      }));
  } else if (json !== null && typeof json === "object" && "communityWallets" in json) {
    const source = { file: name, sha256, kind: "explorer-metadata" } as const;
    names = Object.entries(parseOrThrow(ExplorerMetadata, json, name).communityWallets).map(([key, entry]) => ({
      address: address(key, `communityWallets.${key}`),
      name: entry.name.trim(),
      description: entry.description?.trim() || null,
      source,
    }));
  } else {
    throw new ValidationError(
      `${name} is neither the explorer's community-wallets.json ({ communityWallets: … }) nor a list of forensic labels ([{ address, owner }]).`,
    );
  }
  if (names.some((n) => n.name === "")) throw new ValidationError(`${name} has an empty name.`);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n.address)) throw new ValidationError(`${name} names ${n.address} twice.`);
    seen.add(n.address);
  }
  if (names.length === 0) throw new ValidationError(`${name} names no community wallet.`);
  return names.sort((a, b) => compareUtf8(a.address, b.address));
}
