/**
 * A `css` tag for our static styles: one constructable stylesheet per template, shared by every
 * instance (Lit adopts `CSSStyleSheet`s in `static styles` as they are). Lit's own `css` also
 * handles interpolations and wraps each sheet in a CSSResult with long misuse messages: 135 B gzip
 * of the checkout budget for what our styles, plain CSS without `${}`, never use.
 */
export function css(strings: TemplateStringsArray): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(strings.join(''));
  return sheet;
}
