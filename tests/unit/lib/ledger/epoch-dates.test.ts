import { describe, expect, it } from "vitest";
import {
  daysLeftAtSnapshot,
  epochEnd,
  epochStartVersion,
  formatDaysLeft,
  formatEpochEnd,
} from "../../../../src/lib/ledger/epoch-dates.ts";
import { buildTestSnapshot } from "../../../support/snapshot/build-test-snapshot.ts";

// The test snapshot: epoch 1233 began at version 250 (31 Dec 2025 00:00 UTC), epoch 1234 at version 350
// (1 Jan 2026 00:00 UTC); it was read in epoch 1234 at 1 Jan 2026 00:00 UTC.

describe("epoch ends, date first", () => {
  it("dates a recorded boundary exactly, without 'about'", () => {
    const end = epochEnd(buildTestSnapshot(), 1233n);
    expect(end).toMatchObject({ iso: "2026-01-01T00:00:00Z", estimated: false, passed: true });
    expect(formatEpochEnd(end)).toBe("1 Jan 2026, end of epoch 1,233");
  });

  it("estimates a boundary still to come and says 'about'", () => {
    const snapshot = buildTestSnapshot();
    expect(formatEpochEnd(epochEnd(snapshot, 1234n))).toBe("about 2 Jan 2026, end of epoch 1,234");
    expect(epochEnd(snapshot, 1234n).passed).toBe(false);
    expect(formatEpochEnd(epochEnd(snapshot, 1240n))).toBe("about 8 Jan 2026, end of epoch 1,240");
  });

  it("estimates a boundary older than the recorded epochs with 'about' too", () => {
    expect(formatEpochEnd(epochEnd(buildTestSnapshot(), 1200n))).toBe("about 29 Nov 2025, end of epoch 1,200");
  });
});

describe("days left as of the snapshot", () => {
  it("counts whole days to the estimated boundary, rounding half a day up, and nothing once passed", () => {
    const snapshot = buildTestSnapshot();
    expect(daysLeftAtSnapshot(snapshot, 1233n)).toBeNull();
    // The snapshot's own epoch: one average epoch (24 h) after its start.
    expect(daysLeftAtSnapshot(snapshot, 1234n)).toBe(1n);
    expect(daysLeftAtSnapshot(snapshot, 1236n)).toBe(3n);
    // Read 12 h into the epoch: the boundary is no earlier than the snapshot time, 12 h left rounds up to 1 day.
    snapshot.meta.ledgerTimestampUsec = 1767225600000000n + 43_200_000_000n;
    expect(daysLeftAtSnapshot(snapshot, 1234n)).toBe(1n);
    snapshot.meta.ledgerTimestampUsec = 1767225600000000n + 43_200_000_001n;
    expect(daysLeftAtSnapshot(snapshot, 1234n)).toBe(0n);
  });

  it("says the days in plain words", () => {
    expect(formatDaysLeft(0n)).toBe("less than a day left as of the snapshot");
    expect(formatDaysLeft(1n)).toBe("about 1 day left as of the snapshot");
    expect(formatDaysLeft(1000n)).toBe("about 1,000 days left as of the snapshot");
  });
});

describe("epochStartVersion", () => {
  it("is the version that began the epoch, a lower bound when unrecorded, null when still to come", () => {
    const snapshot = buildTestSnapshot();
    expect(epochStartVersion(snapshot, 1233n)).toBe(250n);
    expect(epochStartVersion(snapshot, 1234n)).toBe(350n);
    expect(epochStartVersion(snapshot, 1100n)).toBe(0n);
    expect(epochStartVersion(snapshot, 1235n)).toBeNull();
    // Indexed once per snapshot (snapshots are never changed once read), so a gap needs a fresh one.
    const gap = buildTestSnapshot();
    gap.epochs = [gap.epochs[0]!];
    expect(epochStartVersion(gap, 1234n)).toBe(250n);
  });
});
