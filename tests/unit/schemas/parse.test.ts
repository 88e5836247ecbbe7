import { describe, expect, it } from "vitest";
import { LedgerInfoSchema } from "../../../src/schemas/chain.ts";
import { parseOrThrow } from "../../../src/schemas/parse.ts";

describe("parseOrThrow", () => {
  it("names the source, every field, what was expected and the value found", () => {
    const input = { chain_id: 1, epoch: 5, ledger_version: "1e6", node_role: "full_node" };
    expect(() => parseOrThrow(LedgerInfoSchema, input, "ledger info from http://127.0.0.1:8080/v1")).toThrowError(
      [
        "ledger info from http://127.0.0.1:8080/v1 is not valid:",
        "  - epoch: Invalid input: expected string, received number (found 5)",
        '  - ledger_version: expected a u64 decimal string (found "1e6")',
        "  - oldest_ledger_version: Invalid input: expected string, received undefined (found missing)",
        "  - ledger_timestamp: Invalid input: expected string, received undefined (found missing)",
        "  - oldest_block_height: Invalid input: expected string, received undefined (found missing)",
        "  - block_height: Invalid input: expected string, received undefined (found missing)",
      ].join("\n"),
    );
  });

  it("returns the parsed value, with u64 strings decoded to bigint", () => {
    const info = parseOrThrow(
      LedgerInfoSchema,
      {
        chain_id: 1,
        epoch: "5",
        ledger_version: "18446744073709551615",
        oldest_ledger_version: "0",
        ledger_timestamp: "1",
        node_role: "full_node",
        oldest_block_height: "0",
        block_height: "9",
      },
      "ledger info",
    );
    expect(info.ledger_version).toBe(18446744073709551615n);
  });
});
