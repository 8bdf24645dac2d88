import { defineLatchElements, LatchOrgSwitcher, type LatchLocale, type OrgChangedEvent } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import { useQueryClient } from '@tanstack/react-query';
import * as React from 'react';
import { organizationsQueryKey } from './useOrganizations.ts';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';

const LatchOrgSwitcherElement = createComponent({
  react: React,
  tagName: 'latch-org-switcher',
  elementClass: LatchOrgSwitcher,
  events: { onOrgChanged: 'latch:org-changed' as EventName<OrgChangedEvent> },
  displayName: 'LatchOrgSwitcherElement',
});

export interface OrgSwitcherProps {
  /** Called with the `latch:org-changed` event once the session acts in another organization (`detail.organization`, `null` for the personal account). */
  onOrgChanged?: (event: OrgChangedEvent) => void;
  /** A BCP 47 tag such as `de`, or a `LatchLocale` table; defaults to `<LatchProvider locale>`, then the page's `lang`. */
  locale?: string | LatchLocale;
  id?: string;
  className?: string;
  style?: React.CSSProperties;
}

/**
 * `<latch-org-switcher>` with the provider's client: the active organization,
 * a keyboard-navigable list to switch (or create one). `useSession()` and
 * `useOrganizations()` follow a switch by themselves.
 */
export function OrgSwitcher(props: OrgSwitcherProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  const queryClient = useQueryClient();
  const { onOrgChanged } = props;
  const handle = React.useCallback(
    (event: OrgChangedEvent) => {
      void queryClient.invalidateQueries({ queryKey: organizationsQueryKey });
      onOrgChanged?.(event);
    },
    [queryClient, onOrgChanged],
  );
  return React.createElement(LatchOrgSwitcherElement, { ...props, locale, client, onOrgChanged: handle });
}
