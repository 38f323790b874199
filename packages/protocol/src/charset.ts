import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { CallbackParseError } from './errors.js';

/** The charsets LianLian's `charset_name` allows (spec §3.1). */
export type Charset = 'UTF-8' | 'GBK' | 'GB2312' | 'GB18030';

const ALIASES: Readonly<Record<string, Charset>> = {
  'utf-8': 'UTF-8',
  utf8: 'UTF-8',
  gbk: 'GBK',
  cp936: 'GBK',
  gb2312: 'GB2312',
  gb18030: 'GB18030',
};

/** Maps a charset label (any case) to a supported charset or throws `callback_unsupported_charset`. */
export function normalizeCharset(label: string): Charset {
  const charset = ALIASES[label.trim().replace(/^"|"$/g, '').toLowerCase()];
  if (!charset) {
    throw new CallbackParseError(
      'callback_unsupported_charset',
      `The callback declares charset "${label.slice(0, 24)}"; LianLian uses UTF-8, GBK, GB2312 or GB18030. Check the Content-Type or charset_name of the sender.`,
    );
  }
  return charset;
}

/** The lowercased `type/subtype` of a Content-Type header, or `''` when there is none. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The charset parameter of a Content-Type header, normalised, if present. */
export function contentTypeCharset(contentType: string | undefined): Charset | undefined {
  const m = /;\s*charset\s*=\s*("?[^";\s]+"?)/i.exec(contentType ?? '');
  return m?.[1] ? normalizeCharset(m[1]) : undefined;
}

/**
 * The charset of bytes that declare none (no Content-Type charset, no charset_name): UTF-8 when
 * they are valid UTF-8, else GB18030, the superset of GBK and GB2312. A browser posting LianLian's
 * return form names no charset, and LianLian's pages may be GBK. A wrong guess cannot let anything
 * through: the signature is verified over the decoded text afterwards.
 */
export function guessCharset(chunks: readonly Uint8Array[]): Charset {
  return chunks.every((chunk) => isUtf8(chunk)) ? 'UTF-8' : 'GB18030';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes callback bytes before anything is verified. UTF-8 is decoded strictly: bytes that are not
 * UTF-8 mean the charset was mislabelled, which is better reported than turned into U+FFFD.
 */
export function decodeBytes(bytes: Uint8Array, charset: Charset): string {
  if (charset === 'UTF-8') {
    try {
      return utf8.decode(bytes);
    } catch (cause) {
      throw new CallbackParseError(
        'callback_bad_encoding',
        'The callback bytes are not valid UTF-8. If the merchant uses GBK/GB2312/GB18030, the sender must say so in the Content-Type charset or in charset_name.',
        { cause },
      );
    }
  }
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
}
