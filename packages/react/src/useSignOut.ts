import type { Session } from '@latch/client';
import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import { sessionQueryKey } from './sessionQueryKey.ts';
import { useLatchClient } from './useLatchClient.ts';

/** A mutation that signs out at the BFF, then marks the session signed out: `signOut.mutate()`. */
export function useSignOut(): UseMutationResult<void, Error, void> {
  const client = useLatchClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client.signOut(),
    onSuccess: () => {
      queryClient.setQueryData<Session>(sessionQueryKey, { authenticated: false });
    },
  });
}
