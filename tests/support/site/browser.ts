import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium; Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Browser tests are skipped (with a message) when Chromium is absent on a developer machine, and fail when
 * `LEDGERLIGHT_REQUIRE_BROWSER=1` (set by `.ci/run`), so CI can never pass without running them.
 */
export function browserAvailability(): { available: boolean; reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { available: true, reason: "" };
  const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;
  if (process.env.LEDGERLIGHT_REQUIRE_BROWSER === "1") {
    throw new Error(`${reason}; LEDGERLIGHT_REQUIRE_BROWSER=1 makes browser tests mandatory.`);
  }
  console.warn(`Skipping browser tests: ${reason}.`);
  return { available: false, reason };
}

export async function launchChromium(): Promise<Browser> {
  // Playwright gives each launch a fresh temporary profile; the flags stop background traffic, since this
  // machine has no network beyond loopback.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
