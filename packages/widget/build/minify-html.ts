/**
 * Minifies the static parts of `html` tagged templates in a module's source, so the templates can
 * be written readably (one element or attribute per line) at no cost in the size budget.
 *
 * One rule, safe for Lit: a run of whitespace that contains a line break is layout, not content.
 * Next to a tag (`>` before it, `<` or `>` after it) it goes; anywhere else (between attributes, between
 * two bindings) it becomes one space. Whitespace without a line break is left as written, so text
 * such as `Pay ${amount} now` keeps its spaces. Interpolations are copied unchanged, except that
 * `html` templates nested inside them are minified by the same rule.
 */
export function minifyHtmlTemplates(code: string): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const start = code.indexOf('html`', i);
    if (start === -1 || !isTagStart(code, start)) {
      if (start === -1) return out + code.slice(i);
      out += code.slice(i, start + 5);
      i = start + 5;
      continue;
    }
    out += code.slice(i, start + 5);
    const template = scanTemplate(code, start + 5, true);
    out += template.text;
    i = template.end;
  }
  return out;
}

/** `html` as a whole identifier (not `innerhtml\``). */
function isTagStart(code: string, at: number): boolean {
  return at === 0 || !/[\w$.]/.test(code[at - 1] ?? '');
}

/** Squeezes one static part of a template. */
export function squeeze(part: string): string {
  return part.replace(/\s*\n\s*/g, (run, offset: number, whole: string) => {
    const before = whole[offset - 1];
    const after = whole[offset + run.length];
    return before === '>' || after === '<' || after === '>' ? '' : ' ';
  });
}

interface Scanned {
  text: string;
  /** Index just past the closing backtick. */
  end: number;
}

/** Scans a template literal from just after its opening backtick; `minify` says whether its static parts are HTML. */
function scanTemplate(code: string, from: number, minify: boolean): Scanned {
  let text = '';
  let part = '';
  let i = from;
  const flush = (): void => {
    text += minify ? squeeze(part) : part;
    part = '';
  };
  while (i < code.length) {
    const ch = code[i];
    if (ch === '\\') {
      part += code.slice(i, i + 2);
      i += 2;
    } else if (ch === '`') {
      flush();
      return { text: text + '`', end: i + 1 };
    } else if (ch === '$' && code[i + 1] === '{') {
      flush();
      const expression = scanExpression(code, i + 2);
      text += '${' + expression.text;
      i = expression.end;
    } else {
      part += ch;
      i++;
    }
  }
  throw new Error('minify-html: unterminated template literal');
}

/** Scans a `${…}` expression from just after `${`, through its closing `}`. */
function scanExpression(code: string, from: number): Scanned {
  let text = '';
  let depth = 0;
  let i = from;
  while (i < code.length) {
    const ch = code[i] ?? '';
    if (ch === '`') {
      const nested = scanTemplate(code, i + 1, /\bhtml$/.test(text) && isTagStart(text, text.length - 4));
      text += '`' + nested.text;
      i = nested.end;
    } else if (ch === "'" || ch === '"') {
      const close = endOfString(code, i);
      text += code.slice(i, close);
      i = close;
    } else {
      if (ch === '{') depth++;
      if (ch === '}' && depth-- === 0) return { text: text + '}', end: i + 1 };
      text += ch;
      i++;
    }
  }
  throw new Error('minify-html: unterminated ${ } in a template literal');
}

function endOfString(code: string, from: number): number {
  const quote = code[from];
  let i = from + 1;
  while (i < code.length && code[i] !== quote) i += code[i] === '\\' ? 2 : 1;
  return i + 1;
}
