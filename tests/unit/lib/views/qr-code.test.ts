import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { drawQrCode, QR_QUIET_ZONE } from "../../../../src/lib/views/qr-code.ts";
import { decodeQrPath } from "../../../support/qr/decode-qr-path.ts";

const SIP = "0x0000000000000000000000000000000019e966bfa4b32ce9b7e23721b37b96d2";

describe("drawQrCode", () => {
  it("draws a code that an independent reader (jsQR) decodes to exactly the address", () => {
    const drawing = drawQrCode(SIP);
    expect(decodeQrPath(drawing.path, drawing.size)).toBe(SIP);
    const other = `0x${"ab".repeat(32)}`;
    const otherDrawing = drawQrCode(other);
    expect(decodeQrPath(otherDrawing.path, otherDrawing.size)).toBe(other);
  });

  it("draws every dark module of the library's matrix and no other, inside a 4-module quiet zone", () => {
    const drawing = drawQrCode(SIP);
    const { size, data } = QRCode.create(SIP, { errorCorrectionLevel: "M" }).modules;
    expect(drawing.size).toBe(size + 2 * QR_QUIET_ZONE);
    const painted = new Set<string>();
    for (const [, x, y, w] of drawing.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
      for (let i = 0; i < Number(w); i++) painted.add(`${Number(x) + i - QR_QUIET_ZONE},${Number(y) - QR_QUIET_ZONE}`);
    }
    const dark = new Set<string>();
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (data[y * size + x]) dark.add(`${x},${y}`);
    expect(painted).toEqual(dark);
  });

  it("is deterministic and well-formed path data only (nothing to escape, no style)", () => {
    const first = drawQrCode(SIP);
    expect(drawQrCode(SIP)).toEqual(first);
    expect(first.path).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
    expect(first.version).toBeGreaterThan(0);
  });

  it("a damaged drawing does not decode to the address (the check can fail)", () => {
    const drawing = drawQrCode(SIP);
    const runs = drawing.path.match(/M\d+ \d+h\d+v1h-\d+z/g) ?? [];
    // Drop the finder patterns' rows and more: a third of the runs gone.
    const damaged = runs.filter((_, index) => index % 3 !== 0).join("");
    expect(decodeQrPath(damaged, drawing.size)).not.toBe(SIP);
  });
});
