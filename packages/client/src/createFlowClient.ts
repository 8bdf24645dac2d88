import type { Branding } from './branding.ts';
import type { LatchClient } from './createLatchClient.ts';
import { createRequest, type LatchClientOptions, type LatchRequest } from './createRequest.ts';
import type { Flow, Session } from './flow.ts';
import { createSessionStore } from './sessionStore.ts';

/** The part of `LatchClient` a sign-in, sign-up, recovery or profile flow needs. */
export type LatchFlowClient = Pick<LatchClient, 'session' | 'getSession' | 'createFlow' | 'getFlow' | 'submitFlow' | 'startProfileFlow' | 'getBranding'>;

/** The flow methods over a transport; `createLatchClient` adds the account methods to these. */
export function flowClientMethods(request: LatchRequest): LatchFlowClient {
  const session = createSessionStore({ load: () => request<Session>('GET', '/auth/session') });
  return {
    session,
    getSession: () => session.refresh(),
    createFlow: ({ type, reauthenticate, locale, organization }) => {
      const query = new URLSearchParams();
      if (reauthenticate) query.set('reauth', '1');
      if (locale) query.set('locale', locale);
      if (organization && type === 'sign-in') query.set('organization', organization);
      const search = query.size > 0 ? `?${query.toString()}` : '';
      return request<Flow>('POST', `/auth/flows/${encodeURIComponent(type)}${search}`);
    },
    getFlow: ({ id }) => request<Flow>('GET', `/auth/flows/${encodeURIComponent(id)}`),
    async submitFlow({ id, submission }) {
      const flow = await request<Flow>('POST', `/auth/flows/${encodeURIComponent(id)}/submit`, submission);
      if (flow.state === 'complete') await session.refresh().catch(() => undefined);
      return flow;
    },
    startProfileFlow: ({ key, locale }) => request<Flow>('POST', '/auth/account/profile/flows', locale ? { key, locale } : { key }),
    getBranding: ({ organization } = {}) => request<Branding>('GET', `/auth/branding${organization ? `?organization=${encodeURIComponent(organization)}` : ''}`),
  };
}

/**
 * A client with only the flow methods: what the flow elements create when
 * they are given none, so a page with only `<latch-sign-in>` does not ship
 * the account, MFA, organization and consent calls.
 */
export function createFlowClient(options: LatchClientOptions = {}): LatchFlowClient {
  return flowClientMethods(createRequest(options));
}
