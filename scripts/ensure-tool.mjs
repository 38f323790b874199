// Shared by ensure-chromium.mjs and ensure-nginx.mjs: use the tool `find()` finds; otherwise install
// Debian's packages where apt-get exists (as root, or through sudo), look again, and write the path
// to reports/<tool>-path; with none, print `missing` and exit 1.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

function installDebian(tool, packages) {
  if (spawnSync('which', ['apt-get']).status !== 0) return false;
  console.log(`[ensure-${tool}] no ${tool} found; installing Debian's ${packages[0]} package …`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args) => execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
  return true;
}

/** @param {{ tool: string, find: () => string | undefined, packages: string[], missing: string }} spec */
export function ensureTool({ tool, find, packages, missing }) {
  let found = find();
  if (!found && installDebian(tool, packages)) found = find();
  if (!found) {
    console.error(`[ensure-${tool}] ${missing}`);
    process.exit(1);
  }
  mkdirSync('reports', { recursive: true });
  writeFileSync(`reports/${tool}-path`, found);
  console.log(`[ensure-${tool}] using ${found}`);
  return found;
}
