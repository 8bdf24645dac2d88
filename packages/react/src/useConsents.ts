import type { UserConsent } from '@latch/client';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { consentsQueryKey } from './consentsQueryKey.ts';
import { useLatchClient } from './useLatchClient.ts';

/**
 * The signed-in user's consents (`GET /auth/account/consents`) as a TanStack
 * Query result: `data` is every purpose with `decision` and `granted`, e.g.
 * `data?.find((p) => p.id === 'marketing_email')?.granted`. `<Consent/>`
 * keeps it current. Errors with `unauthenticated` when signed out.
 */
export function useConsents(): UseQueryResult<UserConsent[], Error> {
  const client = useLatchClient();
  return useQuery({ queryKey: consentsQueryKey, queryFn: async () => (await client.getConsents()).purposes });
}
