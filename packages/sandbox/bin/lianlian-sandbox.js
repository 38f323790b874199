#!/usr/bin/env node
// The installed command runs the compiled sandbox with plain node: no TypeScript loader at run time.
// In the workspace, packages resolve each other to their TypeScript sources, so this file only
// runs where the package is installed; there, use `node --import tsx src/main.ts` instead.
import { existsSync } from 'node:fs';

if (existsSync(new URL('../src/main.ts', import.meta.url))) {
  process.stderr.write('lianlian-sandbox: this is the source workspace, where packages resolve to TypeScript. Run the sandbox from source with `npx -y pnpm@10.34.9 --filter @lianlian-checkout/sandbox dev`, or install the package (docs/deploy.md).\n');
  process.exit(1);
}
await import('../dist/main.js');
