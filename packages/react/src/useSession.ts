import type { Session } from '@latch/client';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { sessionQueryKey } from './sessionQueryKey.ts';
import { useLatchClient } from './useLatchClient.ts';

/**
 * The current session as a TanStack Query result: `data` is a `Session`
 * (`{ authenticated: false }` or the signed-in user), with `isPending`,
 * `isError`, `refetch`, …. Kept current by `<LatchProvider>` and the
 * sign-in/sign-up components.
 */
export function useSession(): UseQueryResult<Session, Error> {
  const client = useLatchClient();
  return useQuery({ queryKey: sessionQueryKey, queryFn: () => client.getSession() });
}
