import { createHash, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { canonicalString, type Fields } from './canonical.js';

/** `sign_type=RSA`: MD5withRSA (PKCS#1 v1.5 over MD5) of the UTF-8 source string, base64 (spec §2.1). */
export function rsaSign(fields: Fields, privateKey: KeyObject): string {
  return sign('md5', Buffer.from(canonicalString(fields), 'utf8'), privateKey).toString('base64');
}

export function rsaVerify(fields: Fields, signature: string, publicKey: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  return verify('md5', Buffer.from(canonicalString(fields), 'utf8'), publicKey, Buffer.from(signature, 'base64'));
}

/** `sign_type=MD5`: lowercase hex MD5 of `source&key=<md5_key>` (spec §2.1, older demos). */
export function md5Sign(fields: Fields, md5Key: string): string {
  return createHash('md5').update(`${canonicalString(fields)}&key=${md5Key}`, 'utf8').digest('hex');
}

export function md5Verify(fields: Fields, signature: string, md5Key: string): boolean {
  const expected = Buffer.from(md5Sign(fields, md5Key), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
