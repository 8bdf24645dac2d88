import { defineLatchElements, LatchReauthenticate, type SignedInEvent } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { FlowComponentProps } from './flowComponentProps.ts';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';
import { useSignedInHandler } from './useSignedInHandler.ts';

const LatchReauthenticateElement = createComponent({
  react: React,
  tagName: 'latch-reauthenticate',
  elementClass: LatchReauthenticate,
  events: { onSignedIn: 'latch:signed-in' as EventName<SignedInEvent> },
  displayName: 'LatchReauthenticateElement',
});

export type ReauthenticateProps = FlowComponentProps;

/**
 * `<latch-reauthenticate>` ("Confirm it's you") with the provider's client:
 * show it when a request fails with `reauthentication_required` or
 * `mfa_required`, and retry the request in `onSignedIn`. Updates `useSession()`.
 */
export function Reauthenticate({ onSignedIn, ...props }: ReauthenticateProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  const handleSignedIn = useSignedInHandler(onSignedIn);
  return React.createElement(LatchReauthenticateElement, { ...props, locale, client, onSignedIn: handleSignedIn });
}
