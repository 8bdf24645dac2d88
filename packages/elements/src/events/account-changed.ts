/** What changed in the account. */
export type AccountChange = 'email' | 'password' | 'session-revoked' | 'other-sessions-signed-out';

export interface AccountChangedEventDetail {
  change: AccountChange;
  /** With `email`: the new address. */
  email?: string;
  /** With `session-revoked`: the public id of the session that was signed out. */
  sessionId?: string;
  /** With `other-sessions-signed-out`: how many were. */
  revoked?: number;
}

/**
 * Fired by `<latch-profile>` after a change the user made: a confirmed new
 * address, a new password, a browser signed out. Bubbles and crosses shadow roots.
 */
export class AccountChangedEvent extends Event {
  static readonly type = 'latch:account-changed';
  readonly detail: AccountChangedEventDetail;

  constructor(detail: AccountChangedEventDetail) {
    super(AccountChangedEvent.type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'latch:account-changed': AccountChangedEvent;
  }
}
