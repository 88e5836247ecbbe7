import jsQR from "jsqr";

/**
 * Reads a QR code back from the SVG path the site draws (`src/lib/views/qr-code.ts`: unit squares `M x y h w v1 h-w z`),
 * independently of the library that encoded it: the path is painted into a bitmap, `pixelsPerModule` pixels per
 * module, and decoded by jsQR (a separate QR reader). Returns the decoded text, or null when jsQR finds no code.
 * Throws on a path command of any other shape, so a change of drawing cannot pass unread.
 */
export function decodeQrPath(path: string, size: number, pixelsPerModule = 4): string | null {
  const side = size * pixelsPerModule;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  const command = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/y;
  let offset = 0;
  while (offset < path.length) {
    command.lastIndex = offset;
    const match = command.exec(path);
    if (!match) throw new Error(`unexpected path data at ${offset}: ${path.slice(offset, offset + 20)}`);
    offset = command.lastIndex;
    const [x, y, width] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (Number(match[4]) !== width) throw new Error(`a run that does not close: ${match[0]}`);
    for (let py = y * pixelsPerModule; py < (y + 1) * pixelsPerModule; py++) {
      for (let px = x * pixelsPerModule; px < (x + width) * pixelsPerModule; px++) {
        const at = (py * side + px) * 4;
        pixels[at] = 0;
        pixels[at + 1] = 0;
        pixels[at + 2] = 0;
      }
    }
  }
  return jsQR(pixels, side, side, { inversionAttempts: "dontInvert" })?.data ?? null;
}
