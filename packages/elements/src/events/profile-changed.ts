import type { Profile } from '@latch/client';

export interface ProfileChangedEventDetail {
  /** The profile as saved. */
  profile: Profile;
}

/** Fired by `<latch-profile-details>` after the user saved their details. Bubbles and crosses shadow roots. */
export class ProfileChangedEvent extends Event {
  static readonly type = 'latch:profile-changed';
  readonly detail: ProfileChangedEventDetail;

  constructor(detail: ProfileChangedEventDetail) {
    super(ProfileChangedEvent.type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'latch:profile-changed': ProfileChangedEvent;
  }
}
