import type { Session } from '@latch/client';

export interface SignedInEventDetail {
  /** The session as the BFF reported it right after the flow completed; absent if that lookup failed. */
  session?: Session;
}

/**
 * Fired by `<latch-sign-in>` and `<latch-sign-up>` when their flow completes
 * and the BFF has set the session cookie. Bubbles and crosses shadow roots.
 */
export class SignedInEvent extends Event {
  static readonly type = 'latch:signed-in';
  readonly detail: SignedInEventDetail;

  constructor(detail: SignedInEventDetail = {}) {
    super(SignedInEvent.type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'latch:signed-in': SignedInEvent;
  }
}
