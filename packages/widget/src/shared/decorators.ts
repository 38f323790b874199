import type { PropertyDeclaration, ReactiveElement } from 'lit';

/**
 * Lit's `@property` and `@state`, for legacy (`experimentalDecorators`) class fields only. They do
 * what lit/decorators.js does for such fields, through Lit's public `createProperty`; that module also
 * carries the standard-decorator implementation we never run (~0.4 KB gzip of a 10 KB budget).
 */
export function property(options?: PropertyDeclaration): (proto: object, name: string) => void {
  return (proto, name) => (proto.constructor as typeof ReactiveElement).createProperty(name, options);
}

/** Internal reactive state: re-renders on change, no attribute. */
export function state(): (proto: object, name: string) => void {
  return property({ state: true, attribute: false });
}
