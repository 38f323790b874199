/**
 * One checkout per page: the first element to start signing holds this until it fails, is cancelled
 * or the page comes back from the back-forward cache. Module state is enough: when a page loads two
 * bundles, only the first one's element class gets defined.
 */
let holder: object | undefined;

export function tryAcquire(owner: object): boolean {
  if (holder !== undefined && holder !== owner) return false;
  holder = owner;
  return true;
}

export function release(owner: object): void {
  if (holder === owner) holder = undefined;
}
