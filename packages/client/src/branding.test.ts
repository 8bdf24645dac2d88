import { describe, expect, it, vi } from 'vitest';
import { createLatchClient, CSRF_HEADER, LatchApiError, type Branding } from '@latch/client';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const acme: Branding = {
  organization: { slug: 'acme', name: 'Acme' },
  displayName: 'Acme',
  logoUrl: '/logos/acme.svg',
  baseTheme: 'light',
  properties: { '--latch-color-action-primary': '#0f766e' },
  copy: { signInHeading: 'Sign in to Acme', signUpHeading: null },
};

describe('branding methods of the client', () => {
  it('reads the public branding by slug without CSRF, and changes an organization’s with it', async () => {
    const calls: Array<{ url: string; method: string; csrf: string | null; body: unknown }> = [];
    const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      calls.push({ url: String(input), method: init.method ?? 'GET', csrf: new Headers(init.headers).get(CSRF_HEADER), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
      return String(input).includes('/organizations/') ? json(200, { settings: {}, resolved: acme }) : json(200, acme);
    }) as unknown as typeof globalThis.fetch;
    const client = createLatchClient({ fetch, baseUrl: 'https://app.example' });
    await expect(client.getBranding({ organization: 'acme' })).resolves.toEqual(acme);
    await client.getBranding();
    await client.getOrganizationBranding({ organizationId: 'org_1' });
    await client.updateOrganizationBranding({ organizationId: 'org_1', settings: { colors: { primary: '#0f766e' } } });
    expect(calls).toEqual([
      { url: 'https://app.example/auth/branding?organization=acme', method: 'GET', csrf: null, body: undefined },
      { url: 'https://app.example/auth/branding', method: 'GET', csrf: null, body: undefined },
      { url: 'https://app.example/auth/organizations/org_1/branding', method: 'GET', csrf: null, body: undefined },
      { url: 'https://app.example/auth/organizations/org_1/branding', method: 'PUT', csrf: '1', body: { colors: { primary: '#0f766e' } } },
    ]);
  });

  it('rejects a low-contrast colour with its stable code', async () => {
    const fetch = (async () => json(422, { error: { code: 'brand_color_contrast', message: 'too pale' } })) as unknown as typeof globalThis.fetch;
    const error = await createLatchClient({ fetch }).updateOrganizationBranding({ organizationId: 'o', settings: { colors: { primary: '#fef08a' } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LatchApiError);
    expect(error).toMatchObject({ status: 422, code: 'brand_color_contrast' });
  });
});
