/// <reference types="vite/client" />
// The Custom Elements Manifest (custom-elements.json, written by `pnpm build`) is what editors and
// Storybook-like tools read. Its analyzer finds tag names only in literal customElements.define
// calls, so a helper around define() silently drops them: this test notices.
import { describe, expect, it } from 'vitest';

interface Manifest {
  modules: { path: string; exports?: { kind: string; name: string }[]; declarations?: { name: string; tagName?: string; attributes?: { name: string }[] }[] }[];
}

const FILE = '../custom-elements.json';

async function readManifest(): Promise<Manifest> {
  try {
    const module = (await import(/* @vite-ignore */ `${FILE}?raw`)) as { default: string };
    return JSON.parse(module.default) as Manifest;
  } catch (cause) {
    throw new Error('packages/widget/custom-elements.json is missing: build the widget first (npx -y pnpm@10.34.9 --filter @lianlian-checkout/widget build).', { cause });
  }
}

describe('custom-elements.json', () => {
  it('defines both tags, each on its class', async () => {
    const manifest = await readManifest();
    const definitions = manifest.modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name));
    expect(definitions.sort()).toEqual(['lianlian-checkout', 'lianlian-order-status']);
    const tags = Object.fromEntries(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName, d.name]));
    expect(tags).toEqual({ 'lianlian-checkout': 'LianLianCheckout', 'lianlian-order-status': 'LianLianOrderStatus' });
  });

  it('lists the public attributes, not internal state', async () => {
    const manifest = await readManifest();
    const checkout = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'lianlian-checkout');
    expect(checkout?.attributes?.map((a) => a.name).sort()).toEqual(['amount', 'dev', 'disabled', 'endpoint', 'gateway-origins', 'lang', 'status', 'timeout', 'token']);
  });
});
