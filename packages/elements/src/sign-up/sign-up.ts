import type { FlowType } from '@latch/client';
import { LatchFlowElement } from '../flow/LatchFlowElement.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { signUpStyles } from './sign-up.styles.ts';

/**
 * @summary Creates an account: renders the server's `sign-up` flow (credentials, …) in a real form.
 *
 * @tag latch-sign-up
 *
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table.
 *
 * @event latch:signed-in - `SignedInEvent`: the account exists and the new user is signed in.
 *
 * @cssproperty --latch-* - Design tokens from `@latch/tokens`.
 */
export class LatchSignUp extends LatchFlowElement {
  protected override get flowType(): FlowType {
    return 'sign-up';
  }

  protected override get stylesheet(): ElementStylesheet {
    return signUpStyles;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'latch-sign-up': LatchSignUp;
  }
}
