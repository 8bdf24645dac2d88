import type { Flow, FlowType, LatchFlowClient } from '@latch/client';
import { LatchFlowElement } from '../flow/LatchFlowElement.ts';
import { enReauthenticate } from '../locales/enReauthenticate.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { reauthenticateStyles } from './reauthenticate.styles.ts';

/**
 * @summary Confirms the signed-in user ("Confirm it's you"): a sign-in flow for the same account, started at the password step with the address read-only, and the authenticator code when one is set up. Show it when a request fails with `reauthentication_required` or `mfa_required`, then retry the request.
 *
 * @tag latch-reauthenticate
 *
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @attr organization - An organization slug: its runtime branding (logo, `--latch-*` colours, heading copy) is loaded with `client.getBranding()` and applied.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @prop branding - The `Branding` in effect; set it directly to skip the request (e.g. when the server already has it).
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table.
 *
 * @event latch:signed-in - `SignedInEvent`: confirmed; the session has a new id and a fresh authentication time.
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
export class LatchReauthenticate extends LatchFlowElement {
  protected override get flowType(): FlowType {
    return 'sign-in';
  }

  protected override get variant(): string {
    return 'reauthenticate';
  }

  protected override get englishStrings(): Readonly<Record<string, string>> {
    return enReauthenticate;
  }

  protected override get stylesheet(): ElementStylesheet {
    return reauthenticateStyles;
  }

  protected override createFlow(client: LatchFlowClient): Promise<Flow> {
    return client.createFlow({ type: 'sign-in', reauthenticate: true });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'latch-reauthenticate': LatchReauthenticate;
  }
}
