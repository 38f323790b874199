import type { KeyObject } from 'node:crypto';
import type { Notifier } from './callbacks/notifier.js';
import type { Fields } from './crypto/canonical.js';
import { md5Sign, rsaSign } from './crypto/sign.js';
import { SandboxConfigError } from './errors.js';
import type { Fault } from './faults.js';
import type { SandboxLogger } from './logger.js';
import type { Merchant } from './merchants.js';
import type { SandboxSettings } from './settings.js';
import type { Store } from './store.js';

/** Everything a route needs, built once by `createSandbox`. */
export interface SandboxContext {
  readonly store: Store;
  readonly merchants: Map<string, Merchant>;
  faults: Fault[];
  readonly lianlianKey: KeyObject;
  readonly now: () => Date;
  readonly timeScale: number;
  readonly publicUrl: string | undefined;
  readonly logger: SandboxLogger;
  readonly notifier: Notifier;
  /** Switched by the control API; `POST /__sandbox/reset` restores the start-up values. */
  readonly settings: SandboxSettings;
}

/**
 * Signs outgoing fields as LianLian does: `RSA` with LianLian's own private key, `MD5` with the
 * merchant's shared MD5 key. The sign type follows the merchant's request (spec §2.1).
 */
export function signAsLianLian(ctx: Pick<SandboxContext, 'lianlianKey' | 'merchants'>, oidPartner: string, fields: Fields): Record<string, string> {
  if (fields.sign_type === 'MD5') {
    const key = ctx.merchants.get(oidPartner)?.md5Key;
    if (key === undefined) {
      throw new SandboxConfigError('md5_key_missing', `Merchant ${oidPartner} has no md5_key, so the sandbox cannot sign with MD5.`);
    }
    return { ...fields, sign: md5Sign(fields, key) };
  }
  return { ...fields, sign: rsaSign(fields, ctx.lianlianKey) };
}
