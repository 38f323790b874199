/**
 * Truncation checks, so a key cut off while copying gets its own error (`key_truncated`) instead of
 * "unreadable": a DER SEQUENCE whose declared length runs past the end of the data.
 */
export function derTruncated(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1] ?? 0;
  if (first < 0x80) return 2 + first > der.length;
  const n = first & 0x7f;
  if (n === 0 || n > 4) return false; // indefinite or absurd lengths: not a key at all, not a cut one
  if (der.length < 2 + n) return true;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + (der[2 + i] ?? 0);
  return 2 + n + length > der.length;
}

/** A PEM without its END line, or whose DER is shorter than its own header says. */
export function pemTruncated(pem: string): boolean {
  if (!/-----END [A-Z0-9 ]+-----/.test(pem)) return true;
  const body = pem
    .replace(/-----[A-Z0-9 ]+-----/g, '')
    .replace(/^[A-Za-z-]+:.*$/gm, '') // legacy encrypted PEM headers (Proc-Type, DEK-Info)
    .replace(/\s+/g, '');
  return derTruncated(Buffer.from(body, 'base64'));
}
