/**
 * A tiny escaping template: every interpolated value is HTML-escaped unless it is already `Html`
 * built by this same tag, so markup is never concatenated from unescaped strings.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return escapeHtml(String(value));
  // Anything else in a template is a programming error, not something to print as "[object Object]".
  throw new TypeError(`html template got a ${typeof value}; interpolate strings, numbers, Html or arrays of them.`);
}

/** Tagged template: `html\`<td>${name}</td>\``. Attribute values must be quoted in the template. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Html(out);
}
