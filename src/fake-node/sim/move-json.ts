/**
 * Small helpers that turn simulator values into the JSON a 0L node serves (Move values and API objects).
 * Internally every address is 64 lower-case hex digits without `0x`; the node prints them short.
 */
import { hash } from "node:crypto";
import type { MoveJson } from "../model.ts";

const ADDRESS_INPUT = /^(0x)?([0-9a-fA-F]{1,64})$/;

/** Full 64-lower-hex form (no `0x`) of a short or long address, with or without `0x`; undefined when malformed. */
export function normalizeAddress(input: string): string | undefined {
  const m = ADDRESS_INPUT.exec(input);
  if (m === null || m[2] === undefined) return undefined;
  return m[2].toLowerCase().padStart(64, "0");
}

/** The node's short form: `0x` + the hex with leading zeros stripped (`0x0` for the zero address). */
export function shortAddress(full: string): string {
  // A loop, not /^0+/: it runs for every address of every transaction and event the node serves.
  let zeros = 0;
  while (zeros < full.length && full.charCodeAt(zeros) === 48) zeros++;
  return `0x${zeros === full.length ? "0" : full.slice(zeros)}`;
}

/** `vector<u8>` of the UTF-8 bytes of `text`, as the node prints it (`0x` + two hex digits per byte). */
export function utf8Hex(text: string): string {
  return `0x${Buffer.from(text, "utf8").toString("hex")}`;
}

/**
 * Deterministic 32-byte hash as `0x` + 64 hex digits; the simulator's stand-in for every chain hash. The one-shot
 * `hash` gives createHash's very digest for a third of its CPU: six of these are made for every transaction a range
 * read serves, and the fake node shares the benchmark's cores with the client it serves.
 */
export function fakeHash(...parts: Array<string | number | bigint>): string {
  return `0x${hash("sha256", parts.join("\u0000"), "hex")}`;
}

/** `guid::ID` as stored inside resources (`creation_num` first: JSON follows the struct's field order). */
export function idJson(creationNum: bigint, addr: string): MoveJson {
  return { creation_num: creationNum.toString(), addr: shortAddress(addr) };
}

/** `event::EventHandle`: `{counter, guid: {id: {creation_num, addr}}}`. */
export function handleJson(counter: bigint, creationNum: bigint, addr: string): MoveJson {
  return { counter: counter.toString(), guid: { id: idJson(creationNum, addr) } };
}

/** Move `Option<T>`. */
export function optionJson(value: MoveJson | undefined): MoveJson {
  return { vec: value === undefined ? [] : [value] };
}

/**
 * Canonical spelling of a struct tag or function id for comparisons: whitespace removed, every address literal in
 * short lower-case form (clients may send `0x000…01::coin::CoinStore< 0x1::libra_coin::LibraCoin >`).
 */
export function canonicalTag(tag: string): string {
  return tag.replace(/\s+/g, "").replace(/0x([0-9a-fA-F]+)/g, (_m, hex: string) => shortAddress(hex.toLowerCase()));
}
