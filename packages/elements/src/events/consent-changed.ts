import type { ConsentDecision, UserConsent } from '@latch/client';

export interface ConsentChangedEventDetail {
  /** The purpose that changed and what was decided. */
  purposeId: string;
  decision: ConsentDecision;
  /** Every purpose with the user's decision after the change. */
  purposes: UserConsent[];
}

/**
 * Fired by `<latch-consent>` once a grant or withdrawal is stored (a receipt
 * exists). Bubbles and crosses shadow roots. Server-side subscribers learn of
 * the same change through `core.consent.onChange()` and the webhook.
 */
export class ConsentChangedEvent extends Event {
  static readonly type = 'latch:consent-changed';
  readonly detail: ConsentChangedEventDetail;

  constructor(detail: ConsentChangedEventDetail) {
    super(ConsentChangedEvent.type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'latch:consent-changed': ConsentChangedEvent;
  }
}
