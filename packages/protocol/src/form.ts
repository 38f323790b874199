import { CallbackParseError } from './errors.js';

/** One `name=value` pair of a form body or query string, percent-decoded to bytes, not yet to text. */
export interface RawPair {
  /** The name read as Latin-1, enough to find ASCII names such as `charset_name` before decoding. */
  name: string;
  nameBytes: Uint8Array;
  value: Uint8Array;
}

const AMP = 0x26;
const EQ = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;

/**
 * Splits `application/x-www-form-urlencoded` bytes. Values are percent-decoded to bytes first and
 * decoded from the charset afterwards, because `%B2%E2` is GBK for 测, not two Latin-1 letters.
 */
export function splitForm(bytes: Uint8Array): RawPair[] {
  const pairs: RawPair[] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(AMP, start);
    if (end === -1) end = bytes.length;
    if (end > start) {
      const part = bytes.subarray(start, end);
      const eq = part.indexOf(EQ);
      const name = percentDecode(eq === -1 ? part : part.subarray(0, eq));
      const value = eq === -1 ? new Uint8Array() : percentDecode(part.subarray(eq + 1));
      pairs.push({ name: Buffer.from(name).toString('latin1'), nameBytes: name, value });
    }
    start = end + 1;
  }
  return pairs;
}

function percentDecode(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === PLUS) {
      out[n++] = 0x20;
    } else if (b === PERCENT) {
      const hex = String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw new CallbackParseError(
          'callback_malformed_form',
          `The form body has a "%" not followed by two hex digits (byte ${i}); it was not URL-encoded correctly.`,
        );
      }
      out[n++] = parseInt(hex, 16);
      i += 2;
    } else {
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
}
