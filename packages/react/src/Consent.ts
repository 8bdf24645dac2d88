import { defineLatchElements, LatchConsent, type ConsentChangedEvent, type LatchLocale } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import { useQueryClient } from '@tanstack/react-query';
import * as React from 'react';
import { consentsQueryKey } from './consentsQueryKey.ts';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';

const LatchConsentElement = createComponent({
  react: React,
  tagName: 'latch-consent',
  elementClass: LatchConsent,
  events: { onConsentChanged: 'latch:consent-changed' as EventName<ConsentChangedEvent> },
  displayName: 'LatchConsentElement',
});

export interface ConsentProps {
  /** Called with the `latch:consent-changed` event once a grant or withdrawal is stored. */
  onConsentChanged?: (event: ConsentChangedEvent) => void;
  /** The string table; English by default. Its `lang` also picks the purposes' text. */
  /** A BCP 47 tag such as `de`, or a `LatchLocale` table; defaults to `<LatchProvider locale>`, then the page's `lang`. */
  locale?: string | LatchLocale;
  id?: string;
  className?: string;
  style?: React.CSSProperties;
}

/** `<latch-consent>` with the provider's client: the signed-in user's consents as switches; keeps `useConsents()` current. */
export function Consent(props: ConsentProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  const queryClient = useQueryClient();
  const { onConsentChanged } = props;
  const onChanged = React.useCallback(
    (event: ConsentChangedEvent) => {
      queryClient.setQueryData(consentsQueryKey, event.detail.purposes);
      onConsentChanged?.(event);
    },
    [queryClient, onConsentChanged],
  );
  return React.createElement(LatchConsentElement, { ...props, locale, client, onConsentChanged: onChanged });
}
