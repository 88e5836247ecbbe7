import { describe, expect, it } from "vitest";
import { describeCliFailure, failedAfterWriting } from "../../../scripts/cli.ts";
import {
  ChainRequestError,
  EXIT_CODES,
  RefusedError,
  SnapshotRefusedError,
  UsageError,
  ValidationError,
} from "../../../src/errors.ts";
import { namingPath } from "../../../src/store/errno-path.ts";

/** An error as node:fs throws it. */
function errno(code: string, syscall: string, where: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, ${syscall} '${where}'`), { code, syscall, path: where, errno: -1 });
}

describe("describeCliFailure: one exit-code table, what happened and what to do", () => {
  it.each([
    ["a usage error", new UsageError("snapshot: Unknown option '--x'"), EXIT_CODES.usage, /correct the command line/],
    ["bad input", new ValidationError("content/program.yaml is not valid"), EXIT_CODES.badInput, /correct the file/],
    [
      "the node",
      new ChainRequestError("GET http://n/v1 failed after 6 attempts", { url: "http://n/v1" }),
      EXIT_CODES.node,
      /check the node URL/,
    ],
    ["a refusal", new RefusedError("fees over the cap"), EXIT_CODES.refused, /nothing needs undoing/],
    [
      "a snapshot refusal",
      new SnapshotRefusedError("books do not balance"),
      EXIT_CODES.refused,
      /nothing needs undoing/,
    ],
  ])("%s: its code, its message, then the default advice of its kind", (_, error, code, advice) => {
    const failure = describeCliFailure(error);
    expect(failure.code).toBe(code);
    expect(failure.expected).toBe(true);
    expect(failure.message.startsWith(`${error.message}\nWhat to do: `)).toBe(true);
    expect(failure.message).toMatch(advice);
    expect(failure.message).not.toMatch(/\n\s+at /);
  });

  it("an error's own advice replaces the default", () => {
    const failure = describeCliFailure(new RefusedError("report exists", { advice: "edit it instead." }));
    expect(failure.message).toBe("report exists\nWhat to do: edit it instead.");
    const node = describeCliFailure(new ChainRequestError("no", { url: "u", advice: "use an archive node." }));
    expect(node.message).toBe("no\nWhat to do: use an archive node.");
  });

  it.each([
    ["ENOSPC", "write", /Could not write \/c\/s: the disk is full; free some space and run again \(ENOSPC\)\./],
    ["EROFS", "mkdir", /Could not write \/c\/s: the folder is on a read-only file system.*\(EROFS\)\./],
    ["EACCES", "open", /Could not use \/c\/s: permission denied; check who owns the folder.*\(EACCES\)\./],
    ["EPERM", "rename", /Could not write \/c\/s: the operation is not permitted here.*\(EPERM\)\./],
    ["EDQUOT", "write", /disk quota is used up.*\(EDQUOT\)\./],
    ["EMFILE", "open", /too many open files; raise the limit \(ulimit -n\).*\(EMFILE\)\./],
    ["ENFILE", "open", /the system has too many open files.*\(ENFILE\)\./],
    ["EIO", "read", /input\/output error.*\(EIO\)\./],
    ["EBUSY", "rmdir", /in use by another program.*\(EBUSY\)\./],
  ])("%s is the machine's failure (exit 6), naming the path, with no stack", (code, syscall, message) => {
    const failure = describeCliFailure(errno(code, syscall, "/c/s"));
    expect(failure).toEqual({ code: EXIT_CODES.local, message: expect.stringMatching(message), expected: true });
    expect(failure.message).not.toMatch(/\n/);
  });

  it.each([
    ["ENOENT", /\/c\/s does not exist \(ENOENT on open\)\./],
    ["ENOTDIR", /\/c\/s is not a folder .*\(ENOTDIR on open\)\./],
    ["EISDIR", /\/c\/s is a folder where a file was expected \(EISDIR on open\)\./],
    ["EEXIST", /\/c\/s already exists \(EEXIST on open\)\./],
    ["ENAMETOOLONG", /too long a name.*\(ENAMETOOLONG on open\)/],
    ["ELOOP", /too many symbolic links.*\(ELOOP on open\)/],
  ])("%s on a path we were given is bad input (exit 3), with what to do", (code, message) => {
    const failure = describeCliFailure(errno(code, "open", "/c/s"));
    expect(failure.code).toBe(EXIT_CODES.badInput);
    expect(failure.message).toMatch(message);
    expect(failure.message).toMatch(/\nWhat to do: correct the file or folder named above/);
  });

  it("anything else is a bug: exit 1 with the stack, the only failure that shows one", () => {
    const bug = new TypeError("Cannot read properties of undefined");
    const failure = describeCliFailure(bug);
    expect(failure.code).toBe(EXIT_CODES.internal);
    expect(failure.expected).toBe(false);
    expect(failure.message).toContain("Unexpected failure (a bug in Ledgerlight; please report it): TypeError");
    expect(failure.message).toMatch(/\n\s+at /);
    // An errno without a path says nothing the user can act on: still a bug.
    expect(describeCliFailure(Object.assign(new Error("x"), { code: "ENOENT" })).code).toBe(EXIT_CODES.internal);
    expect(describeCliFailure("a string").code).toBe(EXIT_CODES.internal);
  });

  it("never names a staging copy: the folder being replaced instead", () => {
    const staged = "/w/content/snapshots/.0xabc.staging-4242/meta.json";
    expect(describeCliFailure(new ValidationError(`${staged} is not valid`)).message).toMatch(
      /^\/w\/content\/snapshots\/0xabc\/meta\.json is not valid\n/,
    );
    expect(describeCliFailure(errno("ENOSPC", "write", staged)).message).toBe(
      "Could not write /w/content/snapshots/0xabc/meta.json: the disk is full; free some space and run again (ENOSPC).",
    );
  });

  it("a write that hit a full disk without naming its file is named at the I/O edge (namingPath)", () => {
    const bare = Object.assign(new Error("ENOSPC: no space left on device, write"), {
      code: "ENOSPC",
      syscall: "write",
    });
    expect(describeCliFailure(namingPath(bare, "/tmp/summary.txt")).message).toBe(
      "Could not write /tmp/summary.txt: the disk is full; free some space and run again (ENOSPC).",
    );
    // A path the error already names is kept.
    expect(namingPath(errno("EACCES", "open", "/a/b"), "/a").path).toBe("/a/b");
  });

  it("failedAfterWriting keeps the error's kind and code", () => {
    const error = failedAfterWriting(errno("ENOSPC", "write", "/dev/full"), "published; only the summary was not.");
    expect(describeCliFailure(error).code).toBe(EXIT_CODES.local);
  });
});
