import { describe, expect, it } from "vitest";
import { CommittedSnapshotFailure, EXIT_CODES, ValidationError } from "../../../src/errors.ts";
import { WAITING_PREFIX } from "../../../src/integrations/astro-bundle-lock.ts";
import { astroBuildFailure } from "../../../src/integrations/build-wallets.ts";
import { failureReport } from "../../../src/integrations/child-failure.ts";

/**
 * A committed snapshot is read and checked once, by the Astro build that uses it (src/site/site-data.ts), and a
 * failure of that read is reported as the check of the committed snapshots always was: the message alone, not
 * "The site of … did not build: …".
 */
const site = { address: "0xabc", name: "Test Program", outDir: "/tmp/out" };
const broken = () =>
  new ValidationError("The committed snapshot in /c/snapshots/0xabc breaks a rule every snapshot keeps", {
    advice: "restore the folder from git.",
  });

describe("a committed snapshot that stops a site build", () => {
  it("is reported as the snapshot check's failure: same kind, message and advice, no build prefix", () => {
    // As Astro hands it over: wrapped once more by the bundler, the snapshot's own error as a cause.
    const thrown = new Error("build failed", { cause: new CommittedSnapshotFailure(broken()) });
    const { code, output } = failureReport(thrown);
    expect(code).toBe(EXIT_CODES.badInput);
    const error = astroBuildFailure({ code, stderr: output }, site);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe("The committed snapshot in /c/snapshots/0xabc breaks a rule every snapshot keeps");
    expect((error as ValidationError).advice).toBe("restore the folder from git.");
  });

  it("leaves any other failure of the build named as the site's", () => {
    const { code, output } = failureReport(broken());
    const error = astroBuildFailure({ code, stderr: output }, site);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(
      "The site of Test Program (0xabc) did not build: The committed snapshot in /c/snapshots/0xabc breaks a rule every snapshot keeps",
    );
  });

  it("reads the failure after the line of a wait for another build, which the build has already shown", () => {
    const waited = `${WAITING_PREFIX}pid 4242, \`astro build\`, started 2026-01-01T00:00:00.000Z) to finish: Astro keeps one page bundle per project for sites built outside it. If no build is running, remove /p/.astro/ledgerlight-build.lock.\n`;
    const snapshot = failureReport(new Error("build failed", { cause: new CommittedSnapshotFailure(broken()) }));
    const checked = astroBuildFailure({ code: snapshot.code, stderr: waited + snapshot.output }, site);
    expect(checked.message).toBe("The committed snapshot in /c/snapshots/0xabc breaks a rule every snapshot keeps");
    expect((checked as ValidationError).advice).toBe("restore the folder from git.");
    const other = failureReport(broken());
    const failed = astroBuildFailure({ code: other.code, stderr: waited + other.output }, site);
    expect(failed).toBeInstanceOf(ValidationError);
    expect(failed.message).toBe(
      "The site of Test Program (0xabc) did not build: The committed snapshot in /c/snapshots/0xabc breaks a rule every snapshot keeps",
    );
  });

  it("keeps a bug a bug, with its stack, even inside a snapshot read", () => {
    const { code, output } = failureReport(new CommittedSnapshotFailure(new TypeError("x is undefined")));
    expect(code).toBe(EXIT_CODES.internal);
    expect(output).toMatch(/^CommittedSnapshotFailure: x is undefined\n\s+at /);
    expect(astroBuildFailure({ code, stderr: output }, site)).not.toBeInstanceOf(ValidationError);
  });
});
