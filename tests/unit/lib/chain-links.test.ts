import { describe, expect, it } from "vitest";
import { transactionUrl } from "../../../src/lib/chain-links.ts";

describe("transactionUrl", () => {
  it("points at the node's transaction-by-version endpoint", () => {
    expect(transactionUrl("https://rpc.scan.openlibra.world/v1", "1813")).toBe(
      "https://rpc.scan.openlibra.world/v1/transactions/by_version/1813",
    );
    expect(transactionUrl("http://127.0.0.1:8080/v1/", "0")).toBe("http://127.0.0.1:8080/v1/transactions/by_version/0");
  });

  it("links only to web URLs", () => {
    expect(transactionUrl("javascript:alert(1)//", "1")).toBeNull();
    expect(transactionUrl("file:///etc/v1", "1")).toBeNull();
    expect(transactionUrl("not a url", "1")).toBeNull();
  });

  it("refuses a version that is not a whole number", () => {
    expect(() => transactionUrl("https://node.example/v1", "1/../../x")).toThrow(/not a ledger version/);
  });
});
