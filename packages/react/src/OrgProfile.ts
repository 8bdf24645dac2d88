import { defineLatchElements, LatchOrgProfile, type LatchLocale } from '@latch/elements';
import { createComponent } from '@lit/react';
import * as React from 'react';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';

const LatchOrgProfileElement = createComponent({
  react: React,
  tagName: 'latch-org-profile',
  elementClass: LatchOrgProfile,
  displayName: 'LatchOrgProfileElement',
});

export interface OrgProfileProps {
  /** The organization to manage; the session's active organization by default. */
  organizationId?: string;
  /** A BCP 47 tag such as `de`, or a `LatchLocale` table; defaults to `<LatchProvider locale>`, then the page's `lang`. */
  locale?: string | LatchLocale;
  id?: string;
  className?: string;
  style?: React.CSSProperties;
}

/** `<latch-org-profile>` with the provider's client: an organization's details, members, invitations, verified domains and policy, by the user's permissions. */
export function OrgProfile(props: OrgProfileProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  return React.createElement(LatchOrgProfileElement, { ...props, locale, client });
}
