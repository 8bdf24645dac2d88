import { defineLatchElements, LatchProfileDetails, type LatchLocale, type ProfileChangedEvent } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';

const LatchProfileDetailsElement = createComponent({
  react: React,
  tagName: 'latch-profile-details',
  elementClass: LatchProfileDetails,
  events: { onProfileChanged: 'latch:profile-changed' as EventName<ProfileChangedEvent> },
  displayName: 'LatchProfileDetailsElement',
});

export interface ProfileDetailsProps {
  /** Called with the `latch:profile-changed` event after the user saved their details. */
  onProfileChanged?: (event: ProfileChangedEvent) => void;
  /** The string table; English by default. Its `lang` also picks the fields' labels. */
  /** A BCP 47 tag such as `de`, or a `LatchLocale` table; defaults to `<LatchProvider locale>`, then the page's `lang`. */
  locale?: string | LatchLocale;
  id?: string;
  className?: string;
  style?: React.CSSProperties;
}

/** `<latch-profile-details>` with the provider's client: edit the profile fields the deployment declares. */
export function ProfileDetails(props: ProfileDetailsProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  return React.createElement(LatchProfileDetailsElement, { ...props, locale, client });
}
