import { describe, expect, it } from 'vitest';
import { html } from './html.js';

describe('html template', () => {
  it('escapes interpolated text, including quotes that would break out of attributes', () => {
    const evil = `"><script>alert('x')</script>&`;
    expect(html`<input value="${evil}">`.value).toBe('<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">');
  });

  it('nests Html and arrays without double-escaping, and drops null/false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${null}${false}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
  });
});
