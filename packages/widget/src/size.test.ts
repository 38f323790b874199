/// <reference types="vite/client" />
// The size budget for the checkout element (issue 7: ≤ 10 KB gzip, Lit included). Reads the built
// file through Vite's `?raw` import and gzips it with the standard CompressionStream, so this file
// needs no Node types (the widget's TypeScript program is browser-only).
import { describe, expect, it } from 'vitest';

const BUDGET_BYTES = 10 * 1024;
const FILE = '../dist/lianlian-checkout.js';

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

async function readBuilt(): Promise<string> {
  try {
    const module = (await import(/* @vite-ignore */ `${FILE}?raw`)) as { default: string };
    return module.default;
  } catch (cause) {
    throw new Error(
      `packages/widget/dist/lianlian-checkout.js is missing: build the widget first ` +
        `(npx -y pnpm@10.34.9 --filter @lianlian-checkout/widget build).`,
      { cause },
    );
  }
}

describe('dist/lianlian-checkout.js', () => {
  it(`is at most ${BUDGET_BYTES} bytes gzipped`, async () => {
    const code = await readBuilt();
    const size = await gzipSize(code);
    expect(size, `gzip size ${size} B exceeds the ${BUDGET_BYTES} B budget by ${size - BUDGET_BYTES} B`).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('is one self-contained ES module (no imports left)', async () => {
    const code = await readBuilt();
    expect(code).not.toMatch(/^\s*import[\s{*]/m);
    expect(code).not.toMatch(/\bimport\(/);
    expect(code).toContain("customElements.define(`lianlian-checkout`");
  });
});
