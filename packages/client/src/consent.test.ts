import { describe, expect, it, vi } from 'vitest';
import { createLatchClient, CSRF_HEADER, LatchApiError, type UserConsent } from '@latch/client';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const marketing: UserConsent = {
  id: 'marketing_email',
  version: 1,
  required: false,
  locale: 'en',
  title: 'Marketing email',
  text: 'News and offers.',
  decision: 'withdrawn',
  decidedVersion: 1,
  decidedAt: '2030-01-01T00:00:00.000Z',
  granted: false,
};

describe('consent methods of the client', () => {
  it('reads with GET and changes with PUT carrying the CSRF header', async () => {
    const calls: Array<{ url: string; method: string; csrf: string | null; body: unknown }> = [];
    const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      calls.push({ url: String(input), method: init.method ?? 'GET', csrf: new Headers(init.headers).get(CSRF_HEADER), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
      return String(input).endsWith('/receipts') ? json(200, { receipts: [] }) : json(200, { purposes: [marketing] });
    }) as unknown as typeof globalThis.fetch;
    const client = createLatchClient({ fetch, baseUrl: 'https://app.example/' });
    await expect(client.getConsents()).resolves.toEqual({ purposes: [marketing] });
    await client.getConsents({ locale: 'pt-BR' });
    await client.updateConsents({ decisions: { marketing_email: 'withdrawn' } });
    await client.getConsentReceipts();
    expect(calls).toEqual([
      { url: 'https://app.example/auth/account/consents', method: 'GET', csrf: null, body: undefined },
      { url: 'https://app.example/auth/account/consents?locale=pt-BR', method: 'GET', csrf: null, body: undefined },
      { url: 'https://app.example/auth/account/consents', method: 'PUT', csrf: '1', body: { decisions: { marketing_email: 'withdrawn' } } },
      { url: 'https://app.example/auth/account/consents/receipts', method: 'GET', csrf: null, body: undefined },
    ]);
  });

  it('rejects a refused withdrawal with its stable code', async () => {
    const fetch = (async () => json(409, { error: { code: 'required_purpose_withdrawal', message: 'no' } })) as unknown as typeof globalThis.fetch;
    const error = await createLatchClient({ fetch })
      .updateConsents({ decisions: { terms: 'withdrawn' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LatchApiError);
    expect(error).toMatchObject({ status: 409, code: 'required_purpose_withdrawal' });
  });
});
