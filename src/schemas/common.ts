import { z } from "zod";
import { canonicalAddress } from "../lib/address.ts";
import { isWithinU64 } from "../lib/money.ts";

/** A u64 as the node and our snapshot files write it: a canonical decimal string (no sign, no leading zeros). */
export const U64StringSchema = z
  .string()
  // The pattern is what JSON Schema consumers see; the refinement adds the 2^64 − 1 bound it cannot express. The
  // pattern aborts, so the refinement sees only digits and does not match them again (`isU64String` would): a run
  // checks ~2 million u64s (every transaction read, every ledger entry written and checked).
  .regex(/^(0|[1-9][0-9]{0,19})$/, { message: "expected a u64 decimal string", abort: true })
  .refine(isWithinU64, { message: "expected a u64 decimal string" });

/**
 * A u64 decimal string on the wire, a bigint in code. `decode` parses files and responses; `encode` writes them.
 * Amounts are in base units (1 LIBRA = 1,000,000).
 */
export const U64Schema = z.codec(
  U64StringSchema,
  // No `.min(0n)`: a decoded value is non-negative by the pattern, and a negative one fails to encode all the same
  // (the string side checks what `encode` gives, "-1"); the bound cost a further check per u64.
  z.bigint(),
  {
    decode: (text) => BigInt(text),
    encode: (value) => value.toString(10),
  },
);

/**
 * Any address form the node prints or accepts, normalised to `0x` + 64 lower-case hex. One step, checked and
 * normalised by one cache lookup (a refinement before the transform matched the pattern again for every address
 * of every event of 10^5 transactions, nearly all forms seen before).
 */
export const AddressSchema = z.string().transform((text, context) => {
  const canonical = canonicalAddress(text);
  if (canonical !== undefined) return canonical;
  context.issues.push({
    code: "custom",
    message: "expected an account address (hex, optionally 0x-prefixed)",
    input: text,
  });
  return z.NEVER;
});

/** An address already in canonical form (what our own files store). */
export const CanonicalAddressSchema = z.string().regex(/^0x[0-9a-f]{64}$/, "expected 0x + 64 lower-case hex");
