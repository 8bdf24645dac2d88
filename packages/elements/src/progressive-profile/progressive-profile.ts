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
 * @attr organization - An organization slug: its runtime branding (logo, `--latch-*` colours, heading copy) is loaded with `client.getBranding()` and applied.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @prop branding - The `Branding` in effect; set it directly to skip the request (e.g. when the server already has it).
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table. The language also picks the fields' labels (asked of the server).
 *
 * @event latch:profile-completed - `ProfileCompletedEvent`: the answers were saved, or nothing was missing (`detail.alreadyComplete`).
 * @event latch:profile-skipped - `ProfileSkippedEvent`: the user skipped a skippable prompt.
 *
 * @csspart actions - The row of buttons.
 * @csspart alert - The live region for flow-level errors.
 * @csspart alert-message - One message inside the alert.
 * @csspart base - The element's outermost rendered wrapper.
 * @csspart button - Any button; `data-kind="primary"` or `"secondary"` tells them apart.
 * @csspart field - One field: label, input, help and messages.
 * @csspart form - The real `<form>` the inputs sit in.
 * @csspart heading - The heading of the current step or view (focused on step changes).
 * @csspart help - A field's help text.
 * @csspart input - An `<input>` or `<select>`; the light DOM input password managers see.
 * @csspart intro - Explanatory text under the heading.
 * @csspart label - A field's `<label>` (or `<legend>` for a group).
 * @csspart link - A link.
 * @csspart logo - The organization's logo, when runtime branding provides one.
 * @csspart message - A message under a field (`data-severity="error"` or `"info"`).
 * @csspart status - The polite live region announcing progress.
 *
 * @cssproperty --latch-border-card - Token `border.card`.
 * @cssproperty --latch-border-input - Token `border.input`.
 * @cssproperty --latch-button-font-weight - Token `button.font-weight`.
 * @cssproperty --latch-button-min-height - Token `button.min-height`.
 * @cssproperty --latch-button-radius - Token `button.radius`.
 * @cssproperty --latch-button-transition - Token `button.transition`.
 * @cssproperty --latch-card-padding - Token `card.padding`.
 * @cssproperty --latch-card-radius - Token `card.radius`.
 * @cssproperty --latch-card-shadow - Token `card.shadow`.
 * @cssproperty --latch-color-action-primary - Token `color.action.primary`.
 * @cssproperty --latch-color-action-primary-hover - Token `color.action.primary-hover`.
 * @cssproperty --latch-color-action-secondary - Links and secondary buttons, drawn as text on the surface.
 * @cssproperty --latch-color-border-danger - Token `color.border.danger`.
 * @cssproperty --latch-color-feedback-danger-surface - Token `color.feedback.danger-surface`.
 * @cssproperty --latch-color-surface-default - Background of a component card.
 * @cssproperty --latch-color-surface-muted - Read-only inputs, the page behind the card.
 * @cssproperty --latch-color-text-danger - Token `color.text.danger`.
 * @cssproperty --latch-color-text-default - Token `color.text.default`.
 * @cssproperty --latch-color-text-muted - Help text and hints; AA (4.5:1) on both surfaces.
 * @cssproperty --latch-color-text-on-action - Text on a primary button; AA on action.primary and action.primary-hover.
 * @cssproperty --latch-focus-ring-color - Token `focus.ring.color`.
 * @cssproperty --latch-focus-ring-offset - Token `focus.ring.offset`.
 * @cssproperty --latch-focus-ring-width - Token `focus.ring.width`.
 * @cssproperty --latch-input-min-height - Token `input.min-height`.
 * @cssproperty --latch-input-radius - Token `input.radius`.
 * @cssproperty --latch-motion-easing-standard - Token `motion.easing.standard`.
 * @cssproperty --latch-radius-sm - Token `radius.sm`.
 * @cssproperty --latch-spacing-1 - Token `spacing.1`.
 * @cssproperty --latch-spacing-2 - Token `spacing.2`.
 * @cssproperty --latch-spacing-3 - Token `spacing.3`.
 * @cssproperty --latch-spacing-4 - Token `spacing.4`.
 * @cssproperty --latch-spacing-6 - Token `spacing.6`.
 * @cssproperty --latch-typography-font-family-base - Token `typography.font-family.base`.
 * @cssproperty --latch-typography-font-size-lg - Token `typography.font-size.lg`.
 * @cssproperty --latch-typography-font-size-md - Token `typography.font-size.md`.
 * @cssproperty --latch-typography-font-size-sm - Token `typography.font-size.sm`.
 * @cssproperty --latch-typography-font-weight-bold - Token `typography.font-weight.bold`.
 * @cssproperty --latch-typography-font-weight-medium - Token `typography.font-weight.medium`.
 * @cssproperty --latch-typography-line-height-base - Token `typography.line-height.base`.
 * @cssproperty --latch-typography-line-height-tight - Token `typography.line-height.tight`.
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
