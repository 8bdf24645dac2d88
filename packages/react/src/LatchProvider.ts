import { createLatchClient, type LatchClient } from '@latch/client';
import type { LatchLocale } from '@latch/elements';
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import { createElement, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LatchContext, type LatchContextValue } from './LatchContext.ts';
import { sessionQueryKey } from './sessionQueryKey.ts';

export interface LatchProviderProps {
  /** The BFF client; by default one is created with `createLatchClient({ baseUrl })`. */
  client?: LatchClient;
  /** Where the BFF's `/auth` routes live; ignored when `client` is given. Defaults to the page's origin. */
  baseUrl?: string;
  /** The TanStack Query client; by default the one of an enclosing `QueryClientProvider`, else a new one. */
  queryClient?: QueryClient;
  /**
   * The language of every Latch component inside: a BCP 47 tag such as `fr`
   * (tables for en, de, fr, ja and ar ship; the chosen one loads on demand) or
   * a `LatchLocale` table of the app's own. A component's own `locale` wins.
   * Unset: the page's `<html lang>`, then English.
   */
  locale?: string | LatchLocale;
  children?: ReactNode;
}

/**
 * Puts a `LatchClient` (and, when none is above, a TanStack `QueryClient`) in
 * context, and mirrors the client's session store into the `['latch', 'session']`
 * query, so a sign-in or sign-out anywhere updates every `useSession()`.
 *
 * Written without JSX (as are the components) so Node can import the package
 * from source with plain type stripping, e.g. in a server or a benchmark.
 */
export function LatchProvider({ client: givenClient, baseUrl, queryClient: givenQueryClient, locale, children }: LatchProviderProps): ReactNode {
  const client = useMemo(() => givenClient ?? createLatchClient(baseUrl ? { baseUrl } : {}), [givenClient, baseUrl]);
  const outerQueryClient = useContext(QueryClientContext);
  const [ownQueryClient] = useState(() => new QueryClient());
  const queryClient = givenQueryClient ?? outerQueryClient ?? ownQueryClient;

  useEffect(() => {
    const sync = (): void => {
      const snapshot = client.session.getSnapshot();
      if (snapshot.status === 'ready') queryClient.setQueryData(sessionQueryKey, snapshot.session);
    };
    sync();
    return client.session.subscribe(sync);
  }, [client, queryClient]);

  const value = useMemo<LatchContextValue>(() => (locale === undefined ? { client } : { client, locale }), [client, locale]);
  const tree = createElement(LatchContext.Provider, { value }, children);
  return queryClient === outerQueryClient ? tree : createElement(QueryClientProvider, { client: queryClient }, tree);
}
