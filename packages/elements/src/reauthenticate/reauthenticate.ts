import type { Flow, FlowType, LatchFlowClient } from '@latch/client';
import { LatchFlowElement } from '../flow/LatchFlowElement.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { reauthenticateStyles } from './reauthenticate.styles.ts';

/**
 * @summary Confirms the signed-in user ("Confirm it's you"): a sign-in flow for the same account, started at the password step with the address read-only, and the authenticator code when one is set up. Show it when a request fails with `reauthentication_required` or `mfa_required`, then retry the request.
 *
 * @tag latch-reauthenticate
 *
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table.
 *
 * @event latch:signed-in - `SignedInEvent`: confirmed; the session has a new id and a fresh authentication time.
 *
 * @cssproperty --latch-* - Design tokens from `@latch/tokens`.
 */
export class LatchReauthenticate extends LatchFlowElement {
  protected override get flowType(): FlowType {
    return 'sign-in';
  }

  protected override get variant(): string {
    return 'reauthenticate';
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
