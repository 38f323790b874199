import { defineConfig } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { E2E_DATA_DIR, E2E_PORTS } from './e2e/stack.js';

const chromium =
  process.env.CHROMIUM_PATH ??
  (existsSync('reports/chromium-path') ? readFileSync('reports/chromium-path', 'utf8').trim() : '/usr/bin/chromium');


export default defineConfig({
  testDir: '.',
  testMatch: ['e2e/**/*.spec.ts', 'packages/widget/test/**/*.spec.ts'],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  forbidOnly: !!process.env.CI,
  outputDir: 'test-results',
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    launchOptions: { executablePath: chromium },
    trace: 'retain-on-failure',
  },
  // The full stack (demo shop, signing server, sandbox) for e2e/. Component tests of the widget bring
  // their own fixture server, so E2E_STACK=0 runs them without it.
  webServer: process.env.E2E_STACK === '0' ? undefined : {
    command: 'node --import tsx demo/src/start.ts',
    url: `http://127.0.0.1:${E2E_PORTS.shop}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      SHOP_PORT: String(E2E_PORTS.shop),
      PORT: String(E2E_PORTS.server),
      SANDBOX_PORT: String(E2E_PORTS.sandbox),
      DEMO_DATA_DIR: E2E_DATA_DIR,
      DEMO_FRESH: '1',
      SANDBOX_TIME_SCALE: '0.01',
    },
  },
});
