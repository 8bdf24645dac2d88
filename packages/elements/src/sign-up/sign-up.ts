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
 * @prop locale - The `LatchLocale` string table; English by default.
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
