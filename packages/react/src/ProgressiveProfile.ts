import { defineLatchElements, LatchProgressiveProfile, type LatchLocale, type ProfileCompletedEvent, type ProfileSkippedEvent } from '@latch/elements';
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { useLatchClient } from './useLatchClient.ts';
import { useLatchLocale } from './useLatchLocale.ts';

const LatchProgressiveProfileElement = createComponent({
  react: React,
  tagName: 'latch-progressive-profile',
  elementClass: LatchProgressiveProfile,
  events: {
    onProfileCompleted: 'latch:profile-completed' as EventName<ProfileCompletedEvent>,
    onProfileSkipped: 'latch:profile-skipped' as EventName<ProfileSkippedEvent>,
  },
  displayName: 'LatchProgressiveProfileElement',
});

export interface ProgressiveProfileProps {
  /** The `on_demand` key of the progressive-profiling rule to run, e.g. `checkout`. */
  promptKey: string;
  /** Called once the answers were saved, or at once when nothing was missing (`event.detail.alreadyComplete`). */
  onProfileCompleted?: (event: ProfileCompletedEvent) => void;
  /** Called when the user skipped a skippable prompt. */
  onProfileSkipped?: (event: ProfileSkippedEvent) => void;
  /** The string table; English by default. Its `lang` also picks the fields' labels. */
  /** A BCP 47 tag such as `de`, or a `LatchLocale` table; defaults to `<LatchProvider locale>`, then the page's `lang`. */
  locale?: string | LatchLocale;
  id?: string;
  className?: string;
  style?: React.CSSProperties;
}

/**
 * `<latch-progressive-profile>` with the provider's client: asks the signed-in
 * user for what an `on_demand` rule wants (e.g. before checkout). The prop is
 * `promptKey` because React reserves `key`.
 */
export function ProgressiveProfile({ promptKey, ...props }: ProgressiveProfileProps): React.ReactNode {
  defineLatchElements();
  const client = useLatchClient();
  const locale = useLatchLocale(props.locale);
  // React keeps `key` for itself, so the element's `key` is set through a ref, in the commit, before its first update.
  const setKey = React.useCallback(
    (element: LatchProgressiveProfile | null) => {
      if (element) element.key = promptKey;
    },
    [promptKey],
  );
  return React.createElement(LatchProgressiveProfileElement, { ...props, locale, client, ref: setKey, key: promptKey });
}
