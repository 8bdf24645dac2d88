import type { Session } from '@latch/client';
import type { SignedInEvent } from '@latch/elements';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { sessionQueryKey } from './sessionQueryKey.ts';

/** Updates the session query from a `latch:signed-in` event, then calls the app's handler. */
export function useSignedInHandler(onSignedIn: ((event: SignedInEvent) => void) | undefined): (event: SignedInEvent) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (event: SignedInEvent) => {
      const { session } = event.detail;
      if (session) queryClient.setQueryData<Session>(sessionQueryKey, session);
      else void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
      onSignedIn?.(event);
    },
    [queryClient, onSignedIn],
  );
}
