import type { Session } from '@latch/client';
import { defineLatchElements, LatchProfile, type AccountChangedEvent, type LatchLocale, type ProfileSection, type SignedOutEvent } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import { useQueryClient } from '@tanstack/react-query';
import * as React from 'react';
import { sessionQueryKey } from './sessionQueryKey.ts';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';

const LatchProfileElement = createComponent({
  react: React,
  tagName: 'latch-profile',
  elementClass: LatchProfile,
  events: {
    onAccountChanged: 'latch:account-changed' as EventName<AccountChangedEvent>,
    onSignedOut: 'latch:signed-out' as EventName<SignedOutEvent>,
  },
  displayName: 'LatchProfileElement',
});

export interface UserProfileProps {
  /** The sections to show, in any order (they render in the canonical one); all by default. */
  sections?: readonly ProfileSection[];
  /** Called with `latch:account-changed`: a new address or password, devices signed out. */
  onAccountChanged?: (event: AccountChangedEvent) => void;
  /** Called with `latch:signed-out` when this browser was signed out (everywhere, or the account was deleted). */
  onSignedOut?: (event: SignedOutEvent) => void;
  /** A BCP 47 tag such as `de`, or a `LatchLocale` table; defaults to `<LatchProvider locale>`, then the page's `lang`. */
  locale?: string | LatchLocale;
  id?: string;
  className?: string;
  style?: React.CSSProperties;
}

/**
 * `<latch-profile>` with the provider's client: the signed-in user's
 * self-service account. Keeps `useSession()` in step: a new address
 * refetches the session, a sign-out marks it signed out.
 */
export function UserProfile(props: UserProfileProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  const queryClient = useQueryClient();
  const { sections, onAccountChanged, onSignedOut, ...rest } = props;
  const handleAccountChanged = React.useCallback(
    (event: AccountChangedEvent) => {
      if (event.detail.change === 'email') void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
      onAccountChanged?.(event);
    },
    [queryClient, onAccountChanged],
  );
  const handleSignedOut = React.useCallback(
    (event: SignedOutEvent) => {
      queryClient.setQueryData<Session>(sessionQueryKey, { authenticated: false });
      onSignedOut?.(event);
    },
    [queryClient, onSignedOut],
  );
  return React.createElement(LatchProfileElement, {
    ...rest,
    ...(sections ? { sections: sections.join(' ') } : {}),
    locale,
    client,
    onAccountChanged: handleAccountChanged,
    onSignedOut: handleSignedOut,
  });
}
