import type { LatchLocale, SignedInEvent } from '@latch/elements';
import type { CSSProperties } from 'react';

/** Props of `<SignIn>` and `<SignUp>`; the client comes from `<LatchProvider>`. */
export interface FlowComponentProps {
  /** Called with the `latch:signed-in` event once the flow completes; `event.detail.session` is the new session. */
  onSignedIn?: (event: SignedInEvent) => void;
  /** A BCP 47 tag such as `de`, or a `LatchLocale` table; defaults to `<LatchProvider locale>`, then the page's `lang`. */
  locale?: string | LatchLocale;
  /** An organization slug: its runtime branding (logo, colours, heading) is loaded and applied. */
  organization?: string | undefined;
  id?: string;
  className?: string;
  style?: CSSProperties;
}
