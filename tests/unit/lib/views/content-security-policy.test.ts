import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "../../../../src/lib/views/content-security-policy.ts";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("contentSecurityPolicy", () => {
  it("allows scripts and styles from the site only, nothing inline, no plugins, no base or foreign form target", () => {
    const policy = directives(contentSecurityPolicy());
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.size).toBe(7);
  });

  it("allows no eval of any kind, WebAssembly included, and no inline code", () => {
    expect(contentSecurityPolicy()).not.toMatch(
      /'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|'wasm-unsafe-eval'|'sha256-/,
    );
  });
});
