import type { FlowStep, FlowType } from '@latch/client';
import { html, nothing, type TemplateResult } from 'lit';
import { LatchFlowElement } from '../flow/LatchFlowElement.ts';
import { localize } from '../locales/localize.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { signInStyles } from './sign-in.styles.ts';

/**
 * @summary Signs a user in: renders the server's `sign-in` flow (identifier, then password, …) in a real form.
 *
 * @tag latch-sign-in
 *
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @attr recovery-href - Where "Forgot password?" under the password step leads (the app's page with `<latch-recovery>`); no link when unset.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table.
 *
 * @event latch:signed-in - `SignedInEvent`: the flow completed and the session cookie is set.
 *
 * @cssproperty --latch-* - Design tokens from `@latch/tokens`.
 */
export class LatchSignIn extends LatchFlowElement {
  static override properties = {
    ...LatchFlowElement.properties,
    recoveryHref: { attribute: 'recovery-href' },
  };

  /** The app's password-reset page (attribute `recovery-href`); shown as "Forgot password?" on the password step. */
  declare recoveryHref: string | undefined;

  protected override get flowType(): FlowType {
    return 'sign-in';
  }

  protected override get stylesheet(): ElementStylesheet {
    return signInStyles;
  }

  // A plain link, so the app decides how to navigate (a client-side router can intercept the click).
  protected override renderStepLinks(step: FlowStep): TemplateResult | typeof nothing {
    if (step.name !== 'password' || !this.recoveryHref) return nothing;
    return html`<p class="latch-links"><a class="latch-link" href=${this.recoveryHref}>${localize(this.strings, 'link.forgot-password') ?? ''}</a></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'latch-sign-in': LatchSignIn;
  }
}
