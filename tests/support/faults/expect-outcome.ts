import { expect } from "vitest";
import { EXIT_CODES } from "../../../src/errors.ts";
import type { CommandResult } from "./run-command.ts";

/**
 * What every failing case of the fault suite asserts: the documented exit code, the message (what happened), the
 * closing line saying nothing was written, the committed folders byte-identical, memory bounded, and the run over
 * within its deadline. `before`/`after` are `folderState` maps of the committed folders.
 */
export interface FailureExpectation {
  code: keyof typeof EXIT_CODES;
  message: RegExp;
  before: unknown;
  after: unknown;
  /** Peak RSS bound in MB (default 400). */
  maxRssMb?: number;
  /** The run must have ended within this many ms (its deadline plus start-up). */
  withinMs: number;
  /** The closing line; default: says nothing was written. */
  closing?: RegExp;
}

export function expectFailedRun(result: CommandResult, expectation: FailureExpectation): void {
  const context = `stderr:\n${result.stderr}\nstdout:\n${result.stdout}`;
  expect(result.signal, context).toBeNull();
  expect(result.code, context).toBe(EXIT_CODES[expectation.code]);
  expect(result.stderr, context).toMatch(expectation.message);
  expect(result.stderr, context).toMatch(expectation.closing ?? /Nothing was written/);
  // Expected failures never show a stack trace or our internal staging folders.
  expect(result.stderr, context).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(result.stderr, context).not.toMatch(/\.staging-|\.retired-|\.ledgerlight-publish-/);
  expect(expectation.after).toEqual(expectation.before);
  expect(result.peakRssMb ?? 0).toBeLessThan(expectation.maxRssMb ?? 400);
  expect(result.wallMs).toBeLessThan(expectation.withinMs);
}
