#!/usr/bin/env node
// Finds nginx for the topology test (packages/server/topology): NGINX_PATH, then Debian's
// /usr/sbin/nginx; otherwise installs Debian's package where apt-get exists (as
// ensure-chromium.mjs does for Chromium), or says how to get one. The test runs nginx as its own
// process with its own prefix and configuration; the system service is never used (Debian's
// container images also forbid the package from starting it, through policy-rc.d).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

export function findNginx() {
  const fromEnv = process.env.NGINX_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((p) => existsSync(p));
}

function installDebianNginx() {
  if (spawnSync('which', ['apt-get']).status !== 0) return false;
  console.log('[ensure-nginx] no nginx found; installing Debian\'s nginx package …');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args) => execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'nginx']);
  return true;
}

let found = findNginx();
if (!found && installDebianNginx()) found = findNginx();
if (!found) {
  console.error('[ensure-nginx] No nginx found. Install one (Debian/Ubuntu: apt-get install nginx; macOS: brew install nginx) or set NGINX_PATH.');
  process.exit(1);
}
mkdirSync('reports', { recursive: true });
writeFileSync('reports/nginx-path', found);
console.log(`[ensure-nginx] using ${found}`);
