#!/usr/bin/env node
// Finds a Chromium for Playwright: CHROMIUM_PATH, then Playwright's own download, then Debian's
// /usr/bin/chromium; otherwise installs Debian's package where apt-get exists (Playwright cannot
// download browsers on machines without general internet access), or says how to get one.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ensureTool } from './ensure-tool.mjs';

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

ensureTool({
  tool: 'chromium',
  find: findChromium,
  packages: ['chromium', 'fonts-liberation', 'fonts-noto-cjk'],
  missing: 'No Chromium found. Install one (Debian/Ubuntu: apt-get install chromium; elsewhere: npx playwright install chromium) or set CHROMIUM_PATH.',
});
