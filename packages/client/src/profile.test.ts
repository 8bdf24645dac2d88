import { describe, expect, it, vi } from 'vitest';
import { createLatchClient, CSRF_HEADER, LatchApiError, type Flow, type Profile } from '@latch/client';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function recordingFetch(respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; method: string; csrf: string | null; body: unknown }[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), method: init.method ?? 'GET', csrf: new Headers(init.headers).get(CSRF_HEADER), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    return respond(String(input), init);
  });
  return { calls, fetch: fetchFn as unknown as typeof fetch };
}

const profile: Profile = { fields: [{ key: 'company', type: 'text', label: 'Firma', required: false, constraints: {}, value: 'Acme' }] };
const flow: Flow = { id: 'flow_abcdefghijklmnop', type: 'profile', state: 'active', expiresAt: '2030-01-01T00:00:00.000Z', step: { name: 'profile', fields: [], actions: [] }, messages: [] };

describe('profile methods of the client', () => {
  it('reads and updates the profile and starts on-demand prompts, with the CSRF header when changing state', async () => {
    const { calls, fetch } = recordingFetch((url) => (url.endsWith('/flows') ? json(201, flow) : json(200, profile)));
    const client = createLatchClient({ fetch });
    await expect(client.getProfile({ locale: 'de' })).resolves.toEqual(profile);
    await expect(client.updateProfile({ values: { company: 'Acme', city: null } })).resolves.toEqual(profile);
    await expect(client.startProfileFlow({ key: 'checkout' })).resolves.toEqual(flow);
    expect(calls).toEqual([
      { url: '/auth/account/profile?locale=de', method: 'GET', csrf: null, body: undefined },
      { url: '/auth/account/profile', method: 'PATCH', csrf: '1', body: { values: { company: 'Acme', city: null } } },
      { url: '/auth/account/profile/flows', method: 'POST', csrf: '1', body: { key: 'checkout' } },
    ]);
  });

  it('rejects a refused update with the per-field codes', async () => {
    const { fetch } = recordingFetch(() => json(400, { error: { code: 'invalid_profile', message: 'no', fields: { phone: [{ code: 'pattern', message: 'bad' }] } } }));
    const error = await createLatchClient({ fetch })
      .updateProfile({ values: { phone: 'x' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LatchApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_profile', fields: { phone: [{ code: 'pattern' }] } });
  });
});
