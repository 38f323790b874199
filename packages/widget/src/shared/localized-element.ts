import { LitElement } from 'lit';
import type { PropertyDeclarations } from 'lit';
import type { ErrorMessages, Locale } from '../messages/types.js';
import type { AttributeRules } from './attribute-rules.js';
import { devWarn } from './dev-mode.js';
import { inheritedLang, toLocale } from './i18n.js';

/**
 * What both elements share: strings in the locale of the nearest `lang`, with overrides, and the
 * development-mode warning about malformed attributes. `lang` stays the native attribute/property;
 * the element only watches it to re-render.
 */
export abstract class LocalizedElement<M extends ErrorMessages> extends LitElement {
  static override properties: PropertyDeclarations = { messages: { attribute: false } };

  /**
   * Attributes whose malformed values would be ignored or misread silently: every change is tested,
   * and a failing value is warned about in development mode.
   */
  static attributeRules: AttributeRules = {};

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** Overrides for built-in strings, keyed like the messages files (e.g. `{ pay: 'Checkout' }`). */
  messages: Partial<M> = {};

  /** The built-in strings per locale. */
  protected abstract readonly catalogues: Readonly<Record<Locale, M>>;

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
    const rule = (this.constructor as typeof LocalizedElement).attributeRules[name];
    if (rule && value !== null && !rule.test(value)) devWarn(this, `${name}="${value}" is malformed`);
  }

  /** `zh-CN` or `en`, from `lang` on this element or its nearest ancestor. */
  protected get locale(): Locale {
    return toLocale(inheritedLang(this));
  }

  /** This render's strings. */
  protected get strings(): M {
    return { ...this.catalogues[this.locale], ...this.messages };
  }
}
