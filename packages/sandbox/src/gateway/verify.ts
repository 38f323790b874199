import { rsaVerify, md5Verify } from '../crypto/sign.js';
import { invalidParam, refuse, RET } from '../lianlian/codes.js';
import type { Merchant } from '../merchants.js';

/** 3001 for an id LianLian does not know; 1004 when the id itself is malformed. */
export function requireMerchant(merchants: ReadonlyMap<string, Merchant>, fields: Record<string, string>): Merchant {
  const id = fields.oid_partner;
  if (id === undefined || id === '') throw invalidParam('oid_partner', 'oid_partner is required: your 18-digit LianLian merchant id.');
  if (!/^\d{18}$/.test(id)) throw invalidParam('oid_partner', `oid_partner "${id.slice(0, 20)}" is not 18 digits.`);
  const merchant = merchants.get(id);
  if (!merchant) {
    throw refuse(RET.UNKNOWN_MERCHANT, `Merchant ${id} is not configured in the sandbox. Add it with POST /__sandbox/merchants or SANDBOX_MERCHANTS_FILE.`);
  }
  return merchant;
}

/**
 * Checks `sign` over every received field except `sign` (spec §2.1), with the algorithm named by
 * `sign_type` only among those this merchant has: MD5 needs a configured md5_key.
 */
export function verifySignature(merchant: Merchant, fields: Record<string, string>): void {
  const signType = fields.sign_type;
  if (signType !== 'RSA' && signType !== 'MD5') {
    throw invalidParam('sign_type', `sign_type must be "RSA" (MD5withRSA) or "MD5", got "${(signType ?? '').slice(0, 10)}".`);
  }
  const sign = fields.sign;
  if (sign === undefined || sign === '') throw invalidParam('sign', 'sign is required.');
  if (signType === 'MD5') {
    if (merchant.md5Key === undefined) {
      throw invalidParam('sign_type', `Merchant ${merchant.oidPartner} has no MD5 key; sign with sign_type=RSA or configure md5_key.`);
    }
    if (!md5Verify(fields, sign, merchant.md5Key)) {
      throw refuse(RET.BAD_SIGNATURE, 'The MD5 sign does not match md5hex(source + "&key=" + md5_key) over every field sent except sign.');
    }
    return;
  }
  if (!rsaVerify(fields, sign, merchant.publicKey)) {
    throw refuse(
      RET.BAD_SIGNATURE,
      'The RSA sign does not verify with the merchant public key configured in the sandbox. Sign every sent field except sign, empties dropped, sorted, k=v&…, MD5withRSA, base64 (spec §2.1).',
    );
  }
}
