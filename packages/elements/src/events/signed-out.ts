export interface SignedOutEventDetail {
  /** `everywhere`: the user signed every browser out; `account-deleted`: the account is gone. */
  reason: 'everywhere' | 'account-deleted' | 'session-revoked';
}

/**
 * Fired by `<latch-profile>` when this browser is no longer signed in
 * because of something the user did there; send them to a public page.
 * Bubbles and crosses shadow roots.
 */
export class SignedOutEvent extends Event {
  static readonly type = 'latch:signed-out';
  readonly detail: SignedOutEventDetail;

  constructor(detail: SignedOutEventDetail) {
    super(SignedOutEvent.type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'latch:signed-out': SignedOutEvent;
  }
}
