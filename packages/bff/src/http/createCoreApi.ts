import type { ResolvedBffConfig } from '../config.ts';
import { BffError } from './BffError.ts';

/** The end user as the BFF saw them; the core trusts it because the BFF authenticates. */
export interface EndUser {
  ip: string;
  userAgent: string;
}

export interface CoreApi {
  /**
   * Without `accessToken` the call authenticates the client (HTTP Basic), as the
   * flow API wants; with it, `Authorization: Bearer`, as the account API
   * (`/users/:id/...`) wants. A bearer token the core refuses becomes a 401
   * `invalid_token` `BffError` (the caller refreshes or ends the session).
   */
  call(method: 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT', path: string, options: { body?: unknown; endUser: EndUser; accessToken?: string }): Promise<unknown>;
}

/**
 * The core's back-channel flow API, with client authentication. A non-2xx
 * answer becomes a `BffError` carrying the core's body, so its code, message
 * and flow reach the browser unchanged.
 */
export function createCoreApi(config: ResolvedBffConfig): CoreApi {
  const base = config.coreApiUrl.replace(/\/$/u, '');
  const credentials = `${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`;
  const authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;

  return {
    async call(method, path, { body, endUser, accessToken }) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: accessToken === undefined ? authorization : `Bearer ${accessToken}`,
            accept: 'application/json',
            'x-latch-end-user-ip': endUser.ip,
            'x-latch-end-user-agent': endUser.userAgent,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (cause) {
        throw new BffError({ status: 502, code: 'core_unavailable', message: 'The identity service is unavailable.', cause });
      }
      const payload: unknown = await response.json().catch(() => undefined);
      if (response.ok) return payload;
      const code = (payload as { error?: { code?: unknown } } | undefined)?.error?.code;
      if (accessToken !== undefined && response.status === 401) {
        throw new BffError({ status: 401, code: 'invalid_token', message: 'The identity service refused the access token.' });
      }
      if (response.status >= 500 || response.status === 401 || typeof code !== 'string') {
        throw new BffError({ status: 502, code: 'core_unavailable', message: 'The identity service failed to answer.', cause: payload });
      }
      const retryAfter = response.headers.get('retry-after');
      throw new BffError({
        status: response.status,
        code,
        message: String((payload as { error: { message?: unknown } }).error.message ?? code),
        body: payload,
        ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {}),
      });
    },
  };
}
