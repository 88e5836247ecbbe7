/**
 * How the benchmarks print a time or a size in whole units: `12,417 ms`, `352 MB` (binary megabytes), digits grouped
 * by the project's own integer formatting, so every benchmark's figures read alike.
 */
import { formatInteger } from "../../src/lib/money.ts";

/** A count rounded to a whole number: `6,574`. */
export const wholeCount = (n: number) => formatInteger(BigInt(Math.round(n)));
export const wholeMs = (ms: number) => `${formatInteger(BigInt(Math.round(ms)))} ms`;
export const wholeMb = (bytes: number) => `${formatInteger(BigInt(Math.round(bytes / 1024 / 1024)))} MB`;
