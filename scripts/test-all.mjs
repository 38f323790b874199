#!/usr/bin/env node
// Runs every test runner (typecheck, lint, import cycles, widget build, vitest, the topology test,
// Playwright, the installed-package test), keeps going after a failure so one run reports everything, and ends with one line
// `N passed, N failed` totalled from the runners' JSON reports (the line CI reads). Exits non-zero
// when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const pnpm = ['npx', '-y', 'pnpm@10.34.9'];
rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

/** A check without a JSON report (typecheck, lint, build) counts as one test. */
function check(name, cmd, args) {
  if (step(name, cmd, args)) totals.passed += 1;
  else {
    totals.failed += 1;
    problems.push(name);
  }
}

function countVitest(file, name) {
  if (!existsSync(file)) return false;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if ((r.numFailedTests ?? 0) > 0 || (r.numFailedTestSuites ?? 0) > 0) problems.push(name);
  return true;
}

/** One vitest run (`args` before the reporters) whose JSON report is counted; no report is a failure. */
function vitestRun(name, report, args = []) {
  step(name, pnpm[0], [...pnpm.slice(1), 'exec', 'vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (!countVitest(report, name)) {
    totals.failed += 1;
    problems.push(`${name} (no report)`);
  }
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const s = r.stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
  if ((s.unexpected ?? 0) > 0 || (r.errors ?? []).length > 0) {
    problems.push('playwright');
    if ((s.unexpected ?? 0) === 0) totals.failed += 1;
  }
  return true;
}

check('typecheck', pnpm[0], [...pnpm.slice(1), 'run', 'typecheck']);
check('lint', pnpm[0], [...pnpm.slice(1), 'run', 'lint']);
// Import cycles in any package's src/ (type-only imports count: a loop is a loop), listed by dpdm.
check('import cycles', pnpm[0], [...pnpm.slice(1), 'run', 'cycles']);
check('widget build', pnpm[0], [...pnpm.slice(1), '--filter', '@lianlian-checkout/widget', 'build']);

vitestRun('vitest', 'reports/vitest.json');

// Alone, after the other vitest files: nginx, three servers, PostgreSQL, Redis and the sandbox at
// once (packages/server/topology; it installs Debian's nginx through scripts/ensure-nginx.mjs).
vitestRun('topology', 'reports/topology.json', ['--config', 'packages/server/topology/vitest.config.ts']);

if (step('chromium', 'node', ['scripts/ensure-chromium.mjs'])) {
  step('playwright', pnpm[0], [...pnpm.slice(1), 'exec', 'playwright', 'test']);
  if (!countPlaywright('reports/playwright.json')) {
    totals.failed += 1;
    problems.push('playwright (no report)');
  }
} else {
  totals.failed += 1;
  problems.push('chromium');
}

// Last: it rebuilds every package (prepack), packs them and installs the tarballs with npm.
vitestRun('installed packages', 'reports/installed.json', ['--config', 'packaging/vitest.config.ts']);

if (problems.length) console.log(`\nFailed: ${problems.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
