// The build's `html` template minifier (build/minify-html.ts): what it squeezes and what it must keep.
import { describe, expect, it } from 'vitest';
import { minifyHtmlTemplates } from '../build/minify-html.js';

describe('minifyHtmlTemplates', () => {
  it('drops line-break whitespace next to tags and keeps one space between attributes', () => {
    const source = 'return html`<button\n  part="button"\n  ?disabled=${d}\n  @click=${c}\n>\n  <span>${t}</span>\n</button>`;';
    expect(minifyHtmlTemplates(source)).toBe('return html`<button part="button" ?disabled=${d} @click=${c}><span>${t}</span></button>`;');
  });

  it('minifies html templates nested in bindings, and leaves other template literals alone', () => {
    const source = 'html`<p>\n  ${x ? html`<b>\n  ${`a\n  b`}\n</b>` : "}"}\n</p>`; const s = `<i>\n</i>`;';
    expect(minifyHtmlTemplates(source)).toBe('html`<p>${x ? html`<b>${`a\n  b`}</b>` : "}"}</p>`; const s = `<i>\n</i>`;');
  });

  it('keeps whitespace without a line break (text such as "Pay ${amount} now")', () => {
    expect(minifyHtmlTemplates('html`<span>Pay ${a} now</span> <b>x</b>`')).toBe('html`<span>Pay ${a} now</span> <b>x</b>`');
  });

  it('keeps one space between two bindings on separate lines, and escapes as written', () => {
    expect(minifyHtmlTemplates('html`${a}\n  ${b}\\`x`')).toBe('html`${a} ${b}\\`x`');
  });

  it('does not touch identifiers that merely end in html', () => {
    expect(minifyHtmlTemplates('innerhtml`<a>\n</a>`')).toBe('innerhtml`<a>\n</a>`');
  });
});
