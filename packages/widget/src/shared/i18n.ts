import type { ErrorMessageKey, ErrorMessages, Locale } from '../messages/types.js';
import { ERROR_MESSAGE_CODES } from '../messages/types.js';

/**
 * The `lang` that applies to `el`: its own, else its nearest ancestor's, crossing shadow roots
 * (`closest()` stops at a shadow boundary, so an element inside another component would miss the
 * page's `<html lang>`).
 */
export function inheritedLang(el: Element): string {
  for (let node: Node | null = el; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    if (node instanceof HTMLElement && node.lang) return node.lang;
  }
  return '';
}

/** Maps any BCP 47 tag to a supported locale: every `zh*` tag to `zh-CN`, everything else to `en`. */
export function toLocale(lang: string): Locale {
  return /^zh\b/i.test(lang) ? 'zh-CN' : 'en';
}

/** The buyer-facing text for an error code; codes without one (a newer server's) get the generic text. */
export function errorMessage(messages: ErrorMessages, code: string): string {
  const entries = Object.entries(ERROR_MESSAGE_CODES) as [ErrorMessageKey, string][];
  return messages[entries.find(([, codes]) => codes.split(' ').includes(code))?.[0] ?? 'error.unknown'];
}
