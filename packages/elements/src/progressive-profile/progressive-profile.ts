import type { Flow, FlowType, LatchFlowClient } from '@latch/client';
import type { PropertyValues } from 'lit';
import { ProfileCompletedEvent } from '../events/profile-completed.ts';
import { ProfileSkippedEvent } from '../events/profile-skipped.ts';
import { LatchFlowElement } from '../flow/LatchFlowElement.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { progressiveProfileStyles } from './progressive-profile.styles.ts';

/**
 * @summary Asks the signed-in user for the profile fields an `on_demand` progressive-profiling rule wants (e.g. a phone number before checkout), with the same form the sign-in's profile step uses.
 *
 * @tag latch-progressive-profile
 *
 * @attr key - The rule's `on_demand` key, e.g. `checkout`. Required; the prompt starts once it is set.
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table. The language also picks the fields' labels (asked of the server).
 *
 * @event latch:profile-completed - `ProfileCompletedEvent`: the answers were saved, or nothing was missing (`detail.alreadyComplete`).
 * @event latch:profile-skipped - `ProfileSkippedEvent`: the user skipped a skippable prompt.
 *
 * @cssproperty --latch-* - Design tokens from `@latch/tokens`.
 */
export class LatchProgressiveProfile extends LatchFlowElement {
  static override properties = {
    ...LatchFlowElement.properties,
    key: { attribute: 'key' },
  };

  /** The `on_demand` key of the rule to run (attribute `key`). */
  declare key: string | undefined;

  /** A new key after the first render starts that rule's prompt instead. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('key') && this.hasUpdated) void this.restart();
  }

  protected override get flowType(): FlowType {
    return 'profile';
  }

  protected override get stylesheet(): ElementStylesheet {
    return progressiveProfileStyles;
  }

  protected override createFlow(client: LatchFlowClient): Promise<Flow> {
    if (!this.key) return Promise.reject(new TypeError('<latch-progressive-profile> needs a key attribute.'));
    return client.startProfileFlow({ key: this.key, locale: this.language });
  }

  protected override async flowCompleted(action: string | undefined): Promise<void> {
    const key = this.key ?? '';
    if (action === 'skip') this.dispatchEvent(new ProfileSkippedEvent({ key }));
    else this.dispatchEvent(new ProfileCompletedEvent({ key, alreadyComplete: action === undefined }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'latch-progressive-profile': LatchProgressiveProfile;
  }
}
