/**
 * On-chain descriptions are `vector<u8>` written by whoever proposed the payment: arbitrary bytes. We keep the
 * exact bytes (hex) and a text form only when the bytes are valid UTF-8, decoded strictly (no replacement
 * characters, no BOM stripping), so nothing is silently altered. Escaping for display is the page's job.
 */

const HEX_BYTES = /^0x((?:[0-9a-fA-F]{2})*)$/;

export interface DecodedDescription {
  hex: string;
  text: string | null;
}

/** Value of the lower-case hex digit at `index` (the caller has checked the string is hex). */
function nibble(digits: string, index: number): number {
  const code = digits.charCodeAt(index);
  return code <= 57 ? code - 48 : code - 87;
}

export function decodeDescription(hex: string): DecodedDescription {
  const match = HEX_BYTES.exec(hex);
  if (match?.[1] === undefined) throw new RangeError(`not 0x-prefixed hex bytes: ${JSON.stringify(hex.slice(0, 40))}`);
  const digits = match[1].toLowerCase();
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = nibble(digits, i * 2) * 16 + nibble(digits, i * 2 + 1);
  let text: string | null;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = null;
  }
  return { hex: `0x${digits}`, text };
}

/**
 * Text as the page shows it: every control character that a browser would drop or act on (C0 except tab and line
 * feed, carriage return, DEL) becomes its visible Unicode "control picture" (NUL -> U+2400 ␀, CR -> ␍, DEL -> ␡),
 * so what is shown still stands for every byte. The exact bytes are always offered as hex beside it.
 */
export function visibleText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this function's job.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (char) => {
    const code = char.charCodeAt(0);
    return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);
  });
}
