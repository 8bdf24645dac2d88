import { defineLatchElements, LatchSignUp, type SignedInEvent } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { FlowComponentProps } from './flowComponentProps.ts';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';
import { useSignedInHandler } from './useSignedInHandler.ts';

const LatchSignUpElement = createComponent({
  react: React,
  tagName: 'latch-sign-up',
  elementClass: LatchSignUp,
  events: { onSignedIn: 'latch:signed-in' as EventName<SignedInEvent> },
  displayName: 'LatchSignUpElement',
});

export type SignUpProps = FlowComponentProps;

/** `<latch-sign-up>` with the provider's client; updates `useSession()` when the new account is signed in. */
export function SignUp({ onSignedIn, ...props }: SignUpProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  const handleSignedIn = useSignedInHandler(onSignedIn);
  return React.createElement(LatchSignUpElement, { ...props, locale, client, onSignedIn: handleSignedIn });
}
