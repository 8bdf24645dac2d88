export interface ProfileSkippedEventDetail {
  /** The `on_demand` key of the prompt the user skipped. */
  key: string;
}

/** Fired by `<latch-progressive-profile>` when the user chose "Skip" on a skippable prompt. Bubbles and crosses shadow roots. */
export class ProfileSkippedEvent extends Event {
  static readonly type = 'latch:profile-skipped';
  readonly detail: ProfileSkippedEventDetail;

  constructor(detail: ProfileSkippedEventDetail) {
    super(ProfileSkippedEvent.type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'latch:profile-skipped': ProfileSkippedEvent;
  }
}
