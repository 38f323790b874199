#!/usr/bin/env node
// The installed command runs the compiled CLI with plain node: no TypeScript loader at run time.
// In the workspace, packages resolve each other to their TypeScript sources, so this file only
// runs where the package is installed; there, use `node --import tsx src/cli/main.ts` instead.
import { existsSync } from 'node:fs';

if (existsSync(new URL('../src/cli/main.ts', import.meta.url))) {
  process.stderr.write('lianlian-checkout: this is the source workspace, where packages resolve to TypeScript. Run the CLI from source with `node --import tsx packages/server/src/cli/main.ts <command>`, or install the package (docs/deploy.md).\n');
  process.exit(1);
}
await import('../dist/cli/main.js');
