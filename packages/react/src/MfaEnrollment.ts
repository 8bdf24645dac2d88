import { defineLatchElements, LatchMfaEnroll, type LatchLocale, type MfaChangedEvent } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';

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
  /** A BCP 47 tag such as `de`, or a `LatchLocale` table; defaults to `<LatchProvider locale>`, then the page's `lang`. */
  locale?: string | LatchLocale;
  id?: string;
  className?: string;
  style?: React.CSSProperties;
}

/** `<latch-mfa-enroll>` with the provider's client: the signed-in user's authenticator app and recovery codes. */
export function MfaEnrollment(props: MfaEnrollmentProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  return React.createElement(LatchMfaEnrollElement, { ...props, locale, client });
}
