#!/usr/bin/env node
// Finds a Chromium for Playwright: CHROMIUM_PATH, then Playwright's own download, then Debian's
// /usr/bin/chromium; otherwise installs Debian's package where apt-get exists (Playwright cannot
// download browsers on machines without general internet access), or says how to get one.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function playwrightOwn() {
  try {
    const { chromium } = require('@playwright/test');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return playwrightOwn() ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
}

function installDebianChromium() {
  if (spawnSync('which', ['apt-get']).status !== 0) return false;
  console.log('[ensure-chromium] no Chromium found; installing Debian\'s chromium package …');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args) => execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-liberation', 'fonts-noto-cjk']);
  return true;
}

let found = findChromium();
if (!found && installDebianChromium()) found = findChromium();
if (!found) {
  console.error('[ensure-chromium] No Chromium found. Install one (Debian/Ubuntu: apt-get install chromium; elsewhere: npx playwright install chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}
mkdirSync('reports', { recursive: true });
writeFileSync('reports/chromium-path', found);
console.log(`[ensure-chromium] using ${found}`);
