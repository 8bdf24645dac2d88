import { describe, expect, it, vi } from 'vitest';
import { createLatchClient, CSRF_HEADER, LatchApiError, type Account, type AccountSession } from '@latch/client';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function recordingFetch(respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; method: string; csrf: string | null; body: unknown }[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), method: init.method ?? 'GET', csrf: new Headers(init.headers).get(CSRF_HEADER), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    return respond(String(input), init);
  });
  return { calls, fetch: fetchFn as unknown as typeof fetch };
}

const account: Account = { id: 'u1', email: 'ada@example.com', emailVerified: true, hasPassword: true, createdAt: '2030-01-01T00:00:00.000Z', pendingEmail: null };
const device: AccountSession = { id: 'pub_abcdefghijklmnop', current: true, browser: 'Chrome 131', os: 'Windows', device: 'desktop', ipArea: '203.0.113.0/24', createdAt: '2030-01-01T00:00:00.000Z', lastSeenAt: '2030-01-01T00:00:00.000Z' };

describe('account methods of the client', () => {
  it('calls the BFF account routes, with the CSRF header on every state-changing one', async () => {
    const { calls, fetch } = recordingFetch((url, init) => {
      if (url === '/auth/session') return json(200, { authenticated: true, user: { id: 'u1', email: 'new@example.com', claims: {} }, expiresAt: '2030-01-02T00:00:00.000Z' });
      if (init.method === 'DELETE' || url.endsWith('/password') || url.endsWith('/sign-out-all')) return new Response(null, { status: 204 });
      if (url === '/auth/account') return json(200, account);
      if (url === '/auth/account/email') return json(202, { pendingEmail: 'new@example.com', expiresAt: '2030-01-01T00:15:00.000Z' });
      if (url === '/auth/account/email/confirm') return json(200, { email: 'new@example.com' });
      if (url === '/auth/account/sessions') return json(200, { sessions: [device] });
      if (url.endsWith('/sign-out-others')) return json(200, { revoked: 2 });
      return json(200, { exportedAt: 'x', userId: 'u1', sections: {} });
    });
    const client = createLatchClient({ fetch });
    await expect(client.getAccount()).resolves.toEqual(account);
    await expect(client.requestEmailChange({ email: 'new@example.com' })).resolves.toMatchObject({ pendingEmail: 'new@example.com' });
    await expect(client.confirmEmailChange({ code: '123456' })).resolves.toEqual({ email: 'new@example.com' });
    expect(client.session.getSnapshot()).toMatchObject({ session: { authenticated: true, user: { email: 'new@example.com' } } });
    await client.changePassword({ newPassword: 'long enough passphrase' });
    await client.changePassword({ currentPassword: 'old one', newPassword: 'long enough passphrase' });
    await expect(client.listSessions()).resolves.toEqual({ sessions: [device] });
    await client.revokeSession({ id: 'pub/../x' });
    await expect(client.signOutOtherSessions()).resolves.toEqual({ revoked: 2 });
    await expect(client.exportData()).resolves.toMatchObject({ userId: 'u1' });
    expect(client.exportUrl).toBe('/auth/account/export');
    await client.deleteAccount();
    expect(client.session.getSnapshot()).toMatchObject({ session: { authenticated: false } });
    expect(calls.map(({ method, url, csrf, body }) => [method, url, csrf, body])).toEqual([
      ['GET', '/auth/account', null, undefined],
      ['POST', '/auth/account/email', '1', { email: 'new@example.com' }],
      ['POST', '/auth/account/email/confirm', '1', { code: '123456' }],
      ['GET', '/auth/session', null, undefined],
      ['POST', '/auth/account/password', '1', { newPassword: 'long enough passphrase' }],
      ['POST', '/auth/account/password', '1', { currentPassword: 'old one', newPassword: 'long enough passphrase' }],
      ['GET', '/auth/account/sessions', null, undefined],
      ['DELETE', '/auth/account/sessions/pub%2F..%2Fx', '1', undefined],
      ['POST', '/auth/account/sessions/sign-out-others', '1', undefined],
      ['GET', '/auth/account/export', null, undefined],
      ['DELETE', '/auth/account', '1', undefined],
    ]);
  });

  it('rejects with the step-up code and signs out on "everywhere"', async () => {
    const { fetch } = recordingFetch((url) =>
      url.endsWith('/sign-out-all') ? new Response(null, { status: 204 }) : json(401, { error: { code: 'reauthentication_required', message: 'again', maxAge: 300 } }),
    );
    const client = createLatchClient({ fetch });
    const error = await client.deleteAccount().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LatchApiError);
    expect(error).toMatchObject({ status: 401, code: 'reauthentication_required', maxAge: 300 });
    client.session.set({ authenticated: true, user: { id: 'u1', email: 'a@example.com', claims: {} }, expiresAt: 'x' } as never);
    await client.signOutEverywhere();
    expect(client.session.getSnapshot()).toMatchObject({ session: { authenticated: false } });
  });
});
