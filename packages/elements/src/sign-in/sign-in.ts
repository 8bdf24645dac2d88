import type { FlowType } from '@latch/client';
import { LatchFlowElement } from '../flow/LatchFlowElement.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { signInStyles } from './sign-in.styles.ts';

/**
 * @summary Signs a user in: renders the server's `sign-in` flow (identifier, then password, …) in a real form.
 *
 * @tag latch-sign-in
 *
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @prop locale - The `LatchLocale` string table; English by default.
 *
 * @event latch:signed-in - `SignedInEvent`: the flow completed and the session cookie is set.
 *
 * @cssproperty --latch-* - Design tokens from `@latch/tokens`.
 */
export class LatchSignIn extends LatchFlowElement {
  protected override get flowType(): FlowType {
    return 'sign-in';
  }

  protected override get stylesheet(): ElementStylesheet {
    return signInStyles;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'latch-sign-in': LatchSignIn;
  }
}
