import { devWarn, isDevMode } from './dev-mode.js';

/**
 * LianLian checks the source domain of a redirect payment from the form POST's `Referer`
 * (lianlian-api.md §1: redirect APIs need your source domain registered). Policies that send no
 * Referer cross-origin make every payment fail with a domain error at LianLian.
 */
const HIDING_POLICIES = ['no-referrer', 'same-origin'];

let warned = false;

/** The policy the last `<meta name="referrer">` sets, if it hides the origin from LianLian. */
export function hidingMetaPolicy(doc: Document): string | undefined {
  const metas = doc.querySelectorAll<HTMLMetaElement>('meta[name="referrer" i]');
  const last = metas[metas.length - 1]?.content.trim().toLowerCase();
  return last !== undefined && HIDING_POLICIES.includes(last) ? last : undefined;
}

/** Warns once per page, in development mode only. */
export function warnIfReferrerHidden(el: Element): void {
  const policy = hidingMetaPolicy(el.ownerDocument);
  if (warned || policy === undefined) return;
  warned = isDevMode(el);
  devWarn(
    el,
    `LianLian rejects payments from pages with referrer policy "${policy}": ` +
      'use <meta name="referrer" content="strict-origin-when-cross-origin">.',
  );
}
