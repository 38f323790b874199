/**
 * The base of the elements' events: a typed, read-only `detail`, and `bubbles` and `composed`, so a
 * listener on `document` hears events from inside other components' shadow roots.
 */
export class LianLianEvent<D> extends Event {
  readonly detail: Readonly<D>;

  constructor(type: string, detail: D, init?: Pick<EventInit, 'cancelable'>) {
    super(type, { bubbles: true, composed: true, ...init });
    this.detail = detail;
  }
}
