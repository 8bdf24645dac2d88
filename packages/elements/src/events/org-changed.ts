import type { ActiveOrganization } from '@latch/client';

export interface OrgChangedEventDetail {
  /** The organization the session now acts in; `null` for the personal account. */
  organization: ActiveOrganization | null;
}

/**
 * Fired by `<latch-org-switcher>` once the session acts in another
 * organization (or the personal account): the BFF has re-issued the tokens.
 * Bubbles and crosses shadow roots.
 */
export class OrgChangedEvent extends Event {
  static readonly type = 'latch:org-changed';
  readonly detail: OrgChangedEventDetail;

  constructor(detail: OrgChangedEventDetail) {
    super(OrgChangedEvent.type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'latch:org-changed': OrgChangedEvent;
  }
}
