import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Packs the four packages with `pnpm pack` (each `prepack` builds its package) and installs the
 * tarballs with plain npm into an empty folder outside the workspace, as a merchant would.
 */
export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const PACKAGE_NAMES = ['protocol', 'widget', 'sandbox', 'server'].map((dir) => `@lianlian-checkout/${dir}`);

const PNPM = ['-y', 'pnpm@10.34.9', '--filter', './packages/*'];
/** Kept between runs (and checkouts): npm's download cache, and better-sqlite3 as npm compiled it. */
const CACHE = join(tmpdir(), 'lianlian-checkout-installed-test');

/** Package name → the paths in its tarball. */
export type Listing = Map<string, string[]>;

export interface Installation {
  /** The shop's folder: `package.json` and `node_modules` with the four packages. */
  app: string;
  /** The environment for commands run there: no workspace on PATH, no NODE_OPTIONS. */
  env: NodeJS.ProcessEnv;
  /** What `pnpm pack` put in each tarball, and what `pnpm pack --dry-run` said it would. */
  packed: Listing;
  dryRun: Listing;
  remove(): void;
}

export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  const r = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** `pnpm pack --json` of every package: after the `prepack` builds' output, one JSON array. */
function pack(options: { pnpm: string[]; pack: string[] }): Array<{ name: string; filename: string; files: string[] }> {
  const out = run('npx', [...PNPM, ...options.pnpm, 'pack', '--json', ...options.pack], { cwd: ROOT });
  const start = out.search(/^\[$/m);
  if (start < 0) throw new Error(`pnpm pack printed no JSON:\n${out}`);
  const packed = JSON.parse(out.slice(start)) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>;
  return packed.map((p) => ({ name: p.name, filename: p.filename, files: p.files.map((f) => f.path) }));
}

/** The machine's environment minus the workspace: its bins leave PATH, and no loader is preloaded. */
function cleanEnv(): NodeJS.ProcessEnv {
  const path = (process.env.PATH ?? '').split(delimiter).filter((p) => !p.startsWith(ROOT)).join(delimiter);
  return {
    PATH: path, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, LANG: 'C.UTF-8',
    npm_config_cache: join(CACHE, 'npm'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false',
    // prebuild-install (better-sqlite3's install step) looks here before it downloads or compiles.
    npm_config_better_sqlite3_local_prebuilds: join(CACHE, 'prebuilds'),
  };
}

/**
 * better-sqlite3 has no prebuilt binary it can download here, so npm compiles it (minutes on two
 * cores). The first run keeps what npm built, named as prebuild-install names its downloads; later
 * runs install that instead of compiling again.
 */
function keepCompiledSqlite(app: string): void {
  const dir = join(app, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const file = join(CACHE, 'prebuilds', name);
  if (existsSync(file) || !existsSync(join(dir, 'build', 'Release', 'better_sqlite3.node'))) return;
  mkdirSync(join(CACHE, 'prebuilds'), { recursive: true });
  run('tar', ['-czf', `${file}.tmp`, '-C', dir, 'build/Release/better_sqlite3.node'], { cwd: dir });
  run('mv', [`${file}.tmp`, file], { cwd: dir });
}

export function installPacked(): Installation {
  const root = mkdtempSync(join(tmpdir(), 'lianlian-installed-'));
  const app = join(root, 'shop');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'installed-shop', private: true, type: 'module' }, null, 2)}\n`);
  const env = cleanEnv();
  try {
    const packed = pack({ pnpm: [], pack: ['--pack-destination', join(root, 'tarballs')] });
    // The same listing without building again: the packages were built just now by `prepack`.
    const dryRun = pack({ pnpm: ['--config.ignore-scripts=true'], pack: ['--dry-run'] });
    if (packed.length !== PACKAGE_NAMES.length) throw new Error(`pnpm packed ${packed.map((p) => p.name).join(', ')}; expected ${PACKAGE_NAMES.join(', ')}`);
    run('npm', ['install', '--prefer-offline', '--loglevel=error', ...packed.map((p) => resolve(join(root, 'tarballs'), p.filename))], { cwd: app, env });
    keepCompiledSqlite(app);
    const listing = (list: typeof packed): Listing => new Map(list.map((p) => [p.name, p.files]));
    return { app, env, packed: listing(packed), dryRun: listing(dryRun), remove: () => rmSync(root, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
