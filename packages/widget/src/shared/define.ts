/**
 * Registers `tag` unless it already is: a page may load one element's file and
 * lianlian-elements.js, or one file twice from two URLs.
 */
export function defineOnce(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
