import type { ActiveOrganization, OrganizationList, Session } from '@latch/client';
import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { sessionQueryKey } from './sessionQueryKey.ts';
import { useLatchClient } from './useLatchClient.ts';

/** The TanStack Query key of the user's organization list. */
export const organizationsQueryKey = ['latch', 'organizations'] as const;

export interface UseOrganizationsResult {
  /** `GET /auth/organizations`: `data.organizations`, `data.canCreate`, `data.personalAccounts`. */
  list: UseQueryResult<OrganizationList, Error>;
  /** The session's active organization (`null`: personal account; `undefined` while the session loads). */
  active: ActiveOrganization | null | undefined;
  /** `switchTo.mutate({ organizationId })` (`null`: personal account); the session and list follow. */
  switchTo: UseMutationResult<ActiveOrganization | null, Error, { organizationId: string | null }>;
  /** `create.mutate({ name, slug })`: the user becomes its owner; the list follows. */
  create: UseMutationResult<{ id: string }, Error, { name: string; slug: string; logoUrl?: string }>;
}

/** The signed-in user's organizations, the active one, and mutations to switch and create. */
export function useOrganizations(): UseOrganizationsResult {
  const client = useLatchClient();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: organizationsQueryKey, queryFn: () => client.listOrganizations() });
  const session = useQuery({ queryKey: sessionQueryKey, queryFn: () => client.getSession() });
  const data: Session | undefined = session.data;
  const active = data === undefined ? undefined : data.authenticated ? (data.organization ?? null) : null;
  const switchTo = useMutation({
    mutationFn: (input: { organizationId: string | null }) => client.switchOrganization(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationsQueryKey }),
  });
  const create = useMutation({
    mutationFn: (input: { name: string; slug: string; logoUrl?: string }) => client.createOrganization(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationsQueryKey }),
  });
  return { list, active, switchTo, create };
}
