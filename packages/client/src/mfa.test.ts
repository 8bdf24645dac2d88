import { describe, expect, it, vi } from 'vitest';
import { createLatchClient, CSRF_HEADER, LatchApiError, type MfaStatus, type TotpEnrollment } from '@latch/client';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function recordingFetch(respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; method: string; csrf: string | null; body: unknown }[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), method: init.method ?? 'GET', csrf: new Headers(init.headers).get(CSRF_HEADER), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    return respond(String(input), init);
  });
  return { calls, fetch: fetchFn as unknown as typeof fetch };
}

const status: MfaStatus = { factors: [{ id: 'mfa_1', type: 'totp', confirmedAt: '2030-01-01T00:00:00.000Z', createdAt: '2030-01-01T00:00:00.000Z' }], recoveryCodes: { remaining: 10 } };
const enrollment: TotpEnrollment = { enrollmentId: 'mfa_abcdefgh', secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/x', qrSvg: '<svg></svg>' };
const codes = { recoveryCodes: ['aaaaa-bbbbb'] };

describe('MFA methods of the client', () => {
  it('calls the BFF MFA routes, with the CSRF header on every state-changing one', async () => {
    const { calls, fetch } = recordingFetch((url, init) => {
      if (init.method === 'DELETE') return new Response(null, { status: 204 });
      if (url === '/auth/mfa') return json(200, status);
      if (url === '/auth/mfa/totp') return json(201, enrollment);
      return json(200, codes);
    });
    const client = createLatchClient({ fetch });
    await expect(client.getMfa()).resolves.toEqual(status);
    await expect(client.startTotpEnrollment()).resolves.toEqual(enrollment);
    await expect(client.confirmTotpEnrollment({ enrollmentId: 'mfa_abcdefgh', code: '123456' })).resolves.toEqual(codes);
    await expect(client.removeTotp()).resolves.toBeUndefined();
    await expect(client.regenerateRecoveryCodes()).resolves.toEqual(codes);
    expect(calls).toEqual([
      { url: '/auth/mfa', method: 'GET', csrf: null, body: undefined },
      { url: '/auth/mfa/totp', method: 'POST', csrf: '1', body: undefined },
      { url: '/auth/mfa/totp/confirm', method: 'POST', csrf: '1', body: { enrollmentId: 'mfa_abcdefgh', code: '123456' } },
      { url: '/auth/mfa/totp', method: 'DELETE', csrf: '1', body: undefined },
      { url: '/auth/mfa/recovery-codes', method: 'POST', csrf: '1', body: undefined },
    ]);
  });

  it('rejects with the stable code of an error answer', async () => {
    const { fetch } = recordingFetch(() => json(422, { error: { code: 'invalid_code', message: 'no' } }));
    const error = await createLatchClient({ fetch })
      .confirmTotpEnrollment({ enrollmentId: 'mfa_abcdefgh', code: '000000' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LatchApiError);
    expect(error).toMatchObject({ status: 422, code: 'invalid_code' });
  });
});
