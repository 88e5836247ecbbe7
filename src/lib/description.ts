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

export function decodeDescription(hex: string): DecodedDescription {
  const match = HEX_BYTES.exec(hex);
  if (match?.[1] === undefined) throw new RangeError(`not 0x-prefixed hex bytes: ${JSON.stringify(hex.slice(0, 40))}`);
  const digits = match[1].toLowerCase();
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  let text: string | null;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = null;
  }
  return { hex: `0x${digits}`, text };
}
