import type { MfaStatus } from '@latch/client';

export interface MfaChangedEventDetail {
  /** The user's second factors after the change. */
  status: MfaStatus;
}

/**
 * Fired by `<latch-mfa-enroll>` after an authenticator app was set up or
 * removed, or recovery codes were regenerated. Bubbles and crosses shadow roots.
 */
export class MfaChangedEvent extends Event {
  static readonly type = 'latch:mfa-changed';
  readonly detail: MfaChangedEventDetail;

  constructor(detail: MfaChangedEventDetail) {
    super(MfaChangedEvent.type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'latch:mfa-changed': MfaChangedEvent;
  }
}
