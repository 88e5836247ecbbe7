import QRCode from "qrcode";

/**
 * A QR code as data for an inline SVG drawn at build time. The `qrcode` package does the encoding (segments,
 * Reed–Solomon error correction, mask choice; deterministic for the same text and options); this module only turns
 * its module matrix into one SVG path, so the page needs no script, no `style=` attribute (the site's CSP has no
 * 'unsafe-inline') and no `set:html`: the component writes the `<svg>` with ordinary attributes.
 */

/** Quiet zone around the symbol, in modules: the QR standard asks for 4. */
export const QR_QUIET_ZONE = 4;

export interface QrDrawing {
  /** Side of the drawing in modules, quiet zone included (the SVG viewBox is `0 0 size size`). */
  size: number;
  /** One path of unit squares: every row's runs of dark modules, as `M x y h w v1 h-w z`. */
  path: string;
  /** QR version (1–40), for the record. */
  version: number;
}

/**
 * Encodes `text` (byte mode as the library chooses; error correction M, which survives a smudged screen or print)
 * and draws it. Throws when the text cannot be encoded.
 */
export function drawQrCode(text: string): QrDrawing {
  const code = QRCode.create(text, { errorCorrectionLevel: "M" });
  const { size, data } = code.modules;
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[y * size + x]) x++;
      const width = x - start;
      parts.push(`M${start + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h${width}v1h-${width}z`);
    }
  }
  return { size: size + 2 * QR_QUIET_ZONE, path: parts.join(""), version: code.version };
}
