import { parseArgs } from 'node:util';
import { KitError } from '@lianlian-checkout/protocol';
import { formatProblems } from '../config/format.js';
import { loadConfig } from '../config/load.js';
import { InvalidConfigError } from '../errors.js';
import { openLedger } from '../ledger/index.js';
import { serve } from '../main.js';
import { runDoctor } from './doctor.js';
import { formatDoctor } from './doctor-report.js';
import { keygen } from './keygen.js';

/**
 * `lianlian-checkout serve | keygen | doctor | reseal`. The entry point of the installed package (via
 * bin/lianlian-checkout.js); it touches the process (argv, env, exit code) so the modules don't.
 */
const USAGE = `Usage: lianlian-checkout <command> [options]

Commands:
  serve                 start the signing server from the environment (see docs/server.md)
  keygen [--out DIR] [--bits 1024|2048|4096] [--force]
                        write a new merchant key pair (mode 0600) into DIR (default ./keys)
  doctor [--offline] [--no-database]
                        check the configuration like the server does, then print the go-live checklist
  reseal [--batch N]    re-seal buyers' personal data in the ledger under the current LEDGER_DATA_KEY
                        (after a key rotation, or once a key is set); prints which old keys can go
  help                  this text
`;

function runKeygen(args: string[]): number {
  const { values } = parseArgs({ args, options: { out: { type: 'string', default: 'keys' }, bits: { type: 'string', default: '2048' }, force: { type: 'boolean', default: false } } });
  const bits = Number(values.bits);
  if (bits !== 1024 && bits !== 2048 && bits !== 4096) {
    process.stderr.write('--bits must be 1024, 2048 or 4096 (LianLian accepts these; 2048 is recommended).\n');
    return 2;
  }
  const result = keygen({ outDir: values.out, bits, overwrite: values.force });
  const lines = ['Wrote (mode 0600):', ...result.files.map((f) => `  ${f.path}\n      ${f.description}`), '',
    "Paste this public key into LianLian's merchant dashboard (https://b.lianlianpay.com/trader/login.htm):", '', result.publicKeyBase64, '',
    `Then set LIANLIAN_PRIVATE_KEY_FILE=${result.files[0]?.path ?? ''} and download LianLian's public key from the same page.`, ''];
  process.stdout.write(lines.join('\n'));
  return 0;
}

async function runDoctorCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { offline: { type: 'boolean', default: false }, 'no-database': { type: 'boolean', default: false } } });
  const report = await runDoctor({
    env: process.env, fetch: globalThis.fetch, now: () => new Date(), offline: values.offline, checkDatabase: !values['no-database'],
  });
  process.stdout.write(formatDoctor(report));
  return report.checks.some((c) => c.status === 'fix') ? 1 : 0;
}

async function runReseal(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { batch: { type: 'string', default: '500' } } });
  const batch = Number(values.batch);
  if (!Number.isSafeInteger(batch) || batch < 1) {
    process.stderr.write('--batch must be a positive whole number of rows per transaction (default 500).\n');
    return 2;
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    process.stderr.write(formatProblems(error.problems));
    return 1;
  }
  if (!config.ledgerDataKeys) {
    process.stderr.write('LEDGER_DATA_KEY is not set, so there is no key to seal with. Set it (docs/ledger.md), then run reseal again.\n');
    return 1;
  }
  const ledger = await openLedger(config.databaseUrl, { dataKeys: config.ledgerDataKeys });
  try {
    const r = await ledger.resealPersonalData({ batch });
    const retired = r.retired.length > 0 ? `Keys ${r.retired.map((id) => `"${id}"`).join(', ')} no longer seal anything: remove them from LEDGER_DATA_KEY and restart.` : 'No other key is in use.';
    process.stdout.write(`Re-sealed under key "${r.keyId}": ${r.orders} order(s), ${r.callbacks} callback(s), ${r.events} event(s).\n${retired}\n`);
    return 0;
  } finally {
    await ledger.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve(process.env);
      return 0;
    case 'keygen':
      return runKeygen(rest);
    case 'doctor':
      return runDoctorCommand(rest);
    case 'reseal':
      return runReseal(rest);
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`${command === undefined ? 'No command given.' : `Unknown command "${command}".`}\n\n${USAGE}`);
      return 2;
  }
}

/** `node:util` parseArgs refuses unknown or malformed options with these codes: a usage error, exit 2. */
function isUsageError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

try {
  const code = await main(process.argv.slice(2)).catch((error: unknown) => {
    if (!isUsageError(error)) throw error;
    process.stderr.write(`lianlian-checkout: ${error.message}\n\n${USAGE}`);
    return 2;
  });
  if (code !== 0) process.exitCode = code;
} catch (error) {
  process.stderr.write(`lianlian-checkout: ${error instanceof KitError ? `${error.message} (${error.code})` : error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
