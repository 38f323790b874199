/** Hosts where the development checks run without the `dev` attribute: the page runs on this machine. */
const DEV_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Development mode: the page runs on this machine, or the element has the `dev` attribute. */
export function isDevMode(el: Element): boolean {
  return el.hasAttribute('dev') || DEV_HOSTS.includes(location.hostname);
}

/** Warns on the console, prefixed with the element's tag, in development mode only. */
export function devWarn(el: Element, text: string): void {
  if (isDevMode(el)) console.warn(`[${el.localName}] ${text}`);
}
