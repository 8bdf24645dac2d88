import { defineLatchElements, LatchMfaEnroll, type LatchLocale, type MfaChangedEvent } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { useLatchClient } from './useLatchClient.ts';

const LatchMfaEnrollElement = createComponent({
  react: React,
  tagName: 'latch-mfa-enroll',
  elementClass: LatchMfaEnroll,
  events: { onMfaChanged: 'latch:mfa-changed' as EventName<MfaChangedEvent> },
  displayName: 'LatchMfaEnrollElement',
});

export interface MfaEnrollmentProps {
  /** Called with the `latch:mfa-changed` event after a factor was added or removed or recovery codes were regenerated. */
  onMfaChanged?: (event: MfaChangedEvent) => void;
  /** The string table; English by default. */
  locale?: LatchLocale;
  id?: string;
  className?: string;
  style?: React.CSSProperties;
}

/** `<latch-mfa-enroll>` with the provider's client: the signed-in user's authenticator app and recovery codes. */
export function MfaEnrollment(props: MfaEnrollmentProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  return React.createElement(LatchMfaEnrollElement, { ...props, client });
}
