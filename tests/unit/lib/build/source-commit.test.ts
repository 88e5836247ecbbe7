import { describe, expect, it } from "vitest";
import { rebuildCommands, repositoryLabel } from "../../../../src/lib/build/source-commit.ts";

describe("repositoryLabel", () => {
  it.each([
    ["https://github.com/example/ledgerlight", "github.com/example/ledgerlight"],
    ["https://github.com/example/ledgerlight.git", "github.com/example/ledgerlight"],
    ["https://git.example.org/a/b/", "git.example.org/a/b"],
  ])("writes %s as %s", (url, label) => {
    expect(repositoryLabel(url)).toBe(label);
  });
});

describe("rebuildCommands", () => {
  const hash = "5489599c6dcff75707a907b738ae3262beadd03a";

  it("clones the repository, checks out the commit, builds and checks the build's own manifest", () => {
    expect(rebuildCommands("https://github.com/example/ledgerlight", hash)).toEqual([
      "git clone https://github.com/example/ledgerlight ledgerlight && cd ledgerlight",
      `git checkout ${hash}`,
      "npm ci && npm run build",
      "cd dist && sha256sum -c --quiet manifest.sha256",
    ]);
  });

  it("says where the URL goes when the program names no repository", () => {
    expect(rebuildCommands(undefined, hash)[0]).toBe("git clone <the source repository> ledgerlight && cd ledgerlight");
  });
});
