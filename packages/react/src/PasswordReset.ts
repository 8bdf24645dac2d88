import { defineLatchElements, LatchRecovery, type SignedInEvent } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { FlowComponentProps } from './flowComponentProps.ts';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';
import { useSignedInHandler } from './useSignedInHandler.ts';

const LatchRecoveryElement = createComponent({
  react: React,
  tagName: 'latch-recovery',
  elementClass: LatchRecovery,
  events: { onSignedIn: 'latch:signed-in' as EventName<SignedInEvent> },
  displayName: 'LatchRecoveryElement',
});

export interface PasswordResetProps extends FlowComponentProps {
  /** A recovery flow to resume: the `?flow=` the password-reset email's link lands with. */
  flowId?: string;
}

/**
 * `<latch-recovery>` with the provider's client: email, emailed code, new
 * password. `onSignedIn` runs once the password is changed (every other
 * session ended, this browser signed in); `useSession()` updates too.
 */
export function PasswordReset({ onSignedIn, ...props }: PasswordResetProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  const handleSignedIn = useSignedInHandler(onSignedIn);
  return React.createElement(LatchRecoveryElement, { ...props, locale, client, onSignedIn: handleSignedIn });
}
