import { readFileSync } from 'node:fs';
import { KitError } from '@lianlian-checkout/protocol';
import { parseDataKeys, type DataKey } from '../ledger/vault.js';
import type { EnvReader } from './env.js';
import { material, type ReadFile } from './keys.js';
import type { Mode } from './types.js';

/**
 * `LEDGER_DATA_KEY` (or `LEDGER_DATA_KEY_FILE`): the keys sealing buyers' personal data in the
 * ledger, `<key id>:<base64 of 32 random bytes>`, comma- or newline-separated, the first one
 * current (docs/ledger.md). Required in live mode; in sandbox mode its absence means personal data
 * is stored in clear, which the server says at startup and `doctor` notes.
 */
const EXPECTED = '"<key id>:<base64 of 32 random bytes>", several comma-separated, the current key first';

export function loadDataKeys(env: EnvReader, mode: Mode, readFile: ReadFile = (p) => readFileSync(p)): readonly DataKey[] | undefined {
  const source = material(env, 'LEDGER_DATA_KEY', readFile);
  if (source === undefined) {
    if (mode === 'live' && env.get('LEDGER_DATA_KEY_FILE') === undefined) {
      env.problem('LEDGER_DATA_KEY', EXPECTED,
        'It is not set. Live mode stores card numbers, ID numbers, names and phones only sealed (AES-256-GCM). Generate one with: echo "k1:$(openssl rand -base64 32)"');
    }
    return undefined;
  }
  try {
    return Object.freeze(parseDataKeys(typeof source.key === 'string' ? source.key : Buffer.from(source.key).toString('latin1')));
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    env.problem(source.name, EXPECTED, error.message);
    return undefined;
  }
}
