export interface ProfileCompletedEventDetail {
  /** The `on_demand` key of the prompt. */
  key: string;
  /** True when nothing was missing, so no form was shown. */
  alreadyComplete: boolean;
}

/**
 * Fired by `<latch-progressive-profile>` once the prompt's answers were saved
 * (or nothing was missing). Bubbles and crosses shadow roots.
 */
export class ProfileCompletedEvent extends Event {
  static readonly type = 'latch:profile-completed';
  readonly detail: ProfileCompletedEventDetail;

  constructor(detail: ProfileCompletedEventDetail) {
    super(ProfileCompletedEvent.type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'latch:profile-completed': ProfileCompletedEvent;
  }
}
