import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findTestCard, maskCard, TEST_CARDS } from './cards.js';

describe('TEST_CARDS', () => {
  it('are the cards docs/sandbox.md lists, each on the row of its key', () => {
    const doc = readFileSync(new URL('../../../../docs/sandbox.md', import.meta.url), 'utf8');
    for (const [key, card] of Object.entries(TEST_CARDS)) {
      expect(doc).toMatch(new RegExp(`\\| \`${card.card_no}\` \\| ${card.card_type} \\|[^\\n]*\\| \`${key}\` \\|`));
    }
  });

  it('are found with spaces typed in, and masked for logs', () => {
    expect(findTestCard('6222 0200 0000 0000 018')).toBe(TEST_CARDS.success);
    expect(findTestCard('4111111111111111')).toBeUndefined();
    expect(maskCard(TEST_CARDS.success.card_no)).toBe('622202*********0018');
  });
});
