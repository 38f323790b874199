import type { ConfigProblem } from '../errors.js';

/** Human-readable list of configuration problems for a terminal: one block per variable, no values. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = [`lianlian-checkout: the configuration has ${problems.length} problem(s); nothing was started.`, ''];
  for (const p of problems) {
    lines.push(`  ✗ ${p.name}`, `      expected: ${p.expected}`, `      fix:      ${p.hint}`);
  }
  lines.push('', 'See docs/server.md for every variable. `lianlian-checkout doctor` checks a configuration without starting.', '');
  return lines.join('\n');
}
