import { z } from "zod";
import { isAddressLike, normalizeAddress } from "../lib/address.ts";
import { isU64String } from "../lib/money.ts";

/** A u64 as the node and our snapshot files write it: a canonical decimal string (no sign, no leading zeros). */
export const U64StringSchema = z
  .string()
  // The pattern is what JSON Schema consumers see; the refinement adds the 2^64 − 1 bound it cannot express.
  .regex(/^(0|[1-9][0-9]{0,19})$/, { message: "expected a u64 decimal string", abort: true })
  .refine(isU64String, { message: "expected a u64 decimal string" });

/**
 * A u64 decimal string on the wire, a bigint in code. `decode` parses files and responses; `encode` writes them.
 * Amounts are in base units (1 LIBRA = 1,000,000).
 */
export const U64Schema = z.codec(U64StringSchema, z.bigint().min(0n), {
  decode: (text) => BigInt(text),
  encode: (value) => value.toString(10),
});

/** Any address form the node prints or accepts, normalised to `0x` + 64 lower-case hex. */
export const AddressSchema = z
  .string()
  .refine(isAddressLike, { message: "expected an account address (hex, optionally 0x-prefixed)" })
  .transform(normalizeAddress);

/** An address already in canonical form (what our own files store). */
export const CanonicalAddressSchema = z.string().regex(/^0x[0-9a-f]{64}$/, "expected 0x + 64 lower-case hex");
