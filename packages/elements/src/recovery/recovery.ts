import type { FlowType } from '@latch/client';
import { LatchFlowElement } from '../flow/LatchFlowElement.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { recoveryStyles } from './recovery.styles.ts';

/**
 * @summary Resets a forgotten password: renders the server's `recovery` flow (email, the emailed code, a new password) in a real form.
 *
 * @tag latch-recovery
 *
 * @attr base-url - Where the BFF's `/auth` routes live, when no `client` property is given.
 * @attr flow-id - A recovery flow to resume (the `?flow=` the emailed link lands with) instead of starting one.
 * @prop client - The `LatchClient` to use; one is created on first connect when unset.
 * @attr locale - The language, a BCP 47 tag such as `de` (tables: en, de, fr, ja, ar; others fall back to English); unset: the nearest `lang` (the page's). The `locale` property also takes a `LatchLocale` table.
 *
 * @event latch:signed-in - `SignedInEvent`: the password was changed, every other session ended, and this browser is signed in with a new session.
 *
 * @cssproperty --latch-* - Design tokens from `@latch/tokens`.
 */
export class LatchRecovery extends LatchFlowElement {
  protected override get flowType(): FlowType {
    return 'recovery';
  }

  protected override get stylesheet(): ElementStylesheet {
    return recoveryStyles;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'latch-recovery': LatchRecovery;
  }
}
