import { defineLatchElements, LatchSignIn, type SignedInEvent } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { FlowComponentProps } from './flowComponentProps.ts';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';
import { useSignedInHandler } from './useSignedInHandler.ts';

const LatchSignInElement = createComponent({
  react: React,
  tagName: 'latch-sign-in',
  elementClass: LatchSignIn,
  events: { onSignedIn: 'latch:signed-in' as EventName<SignedInEvent> },
  displayName: 'LatchSignInElement',
});

export interface SignInProps extends FlowComponentProps {
  /** The app's password-reset page; the password step then links to it as "Forgot password?". */
  recoveryHref?: string;
}

/** `<latch-sign-in>` with the provider's client; updates `useSession()` when the user signs in. */
export function SignIn({ onSignedIn, ...props }: SignInProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  const handleSignedIn = useSignedInHandler(onSignedIn);
  return React.createElement(LatchSignInElement, { ...props, locale, client, onSignedIn: handleSignedIn });
}
