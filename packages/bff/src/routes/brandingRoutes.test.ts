import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';
import type { PublicBranding } from './brandingRoutes.ts';

const PASSWORD = 'correct horse battery staple';
const HOST_SLUG = `host-org-${randomUUID().slice(0, 8)}`;

describe('branding routes of the BFF', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      clientBranding: { colors: { link: '#1e40af' }, copy: { signUpHeading: 'Join the demo' } },
      // The test origin is http://localhost:<port>.
      brandingHosts: { localhost: HOST_SLUG },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function owner(): Promise<TestBrowser> {
    const browser = new TestBrowser(stack);
    expect((await browser.signUp(`brand-${randomUUID()}@example.com`, PASSWORD)).status).toBe(200);
    return browser;
  }

  async function createOrg(browser: TestBrowser, slug = `acme-${randomUUID().slice(0, 8)}`): Promise<{ id: string; slug: string }> {
    const created = await browser.request('POST', '/auth/organizations', { json: { name: 'Acme', slug } });
    expect(created.status).toBe(201);
    return { id: (created.body as { id: string }).id, slug };
  }

  it('lets an admin brand the organization; anyone then reads it, cacheable, by slug', async () => {
    const browser = await owner();
    const org = await createOrg(browser);
    const put = await browser.request('PUT', `/auth/organizations/${org.id}/branding`, {
      json: { logoUrl: '/logos/acme.svg', colors: { primary: '#0f766e' }, copy: { signInHeading: 'Sign in to Acme' } },
    });
    expect(put.status).toBe(200);

    const anonymous = new TestBrowser(stack);
    const res = await anonymous.request('GET', `/auth/branding?organization=${org.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const branding = res.body as PublicBranding;
    expect(branding).toMatchObject({
      organization: { slug: org.slug, name: 'Acme' },
      displayName: 'Acme',
      logoUrl: '/logos/acme.svg',
      copy: { signInHeading: 'Sign in to Acme', signUpHeading: 'Join the demo' },
    });
    // The organization's primary over the client's link colour.
    expect(branding.properties['--latch-color-action-primary']).toBe('#0f766e');
    expect(branding.properties['--latch-color-action-secondary']).toBe('#1e40af');
  });

  it('refuses a low-contrast brand colour with brand_color_contrast, and CSS with invalid_request', async () => {
    const browser = await owner();
    const org = await createOrg(browser);
    const pale = await browser.request('PUT', `/auth/organizations/${org.id}/branding`, { json: { colors: { primary: '#fef08a' } } });
    expect(pale.status).toBe(422);
    expect(pale.body).toMatchObject({ error: { code: 'brand_color_contrast' } });
    const css = await browser.request('PUT', `/auth/organizations/${org.id}/branding`, { json: { colors: { primary: '#000;}body{display:none' } } });
    expect(css.status).toBe(400);
    expect(css.body).toMatchObject({ error: { code: 'invalid_request' } });
    const extra = await browser.request('PUT', `/auth/organizations/${org.id}/branding`, { json: { stylesheet: 'body{}' } });
    expect(extra.status).toBe(400);
  });

  it('needs a session and the CSRF header to change branding, and membership to read the settings', async () => {
    const browser = await owner();
    const org = await createOrg(browser);
    expect((await browser.request('PUT', `/auth/organizations/${org.id}/branding`, { json: {}, csrf: false })).status).toBe(403);
    expect((await new TestBrowser(stack).request('GET', `/auth/organizations/${org.id}/branding`)).status).toBe(401);
    const stranger = await owner();
    const res = await stranger.request('GET', `/auth/organizations/${org.id}/branding`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'org_not_found' } });
  });

  it('picks the organization by host when no slug is given, and answers 404 or 400 for unknown or malformed slugs', async () => {
    const browser = await owner();
    await createOrg(browser, HOST_SLUG);
    const byHost = await new TestBrowser(stack).request('GET', '/auth/branding');
    expect(byHost.status).toBe(200);
    expect((byHost.body as PublicBranding).organization?.slug).toBe(HOST_SLUG);
    expect(byHost.headers.get('vary')).toMatch(/host/iu);

    const unknown = await browser.request('GET', '/auth/branding?organization=no-such-org-anywhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'branding_not_found' } });
    const malformed = await browser.request('GET', '/auth/branding?organization=..%2F..%2Fusers');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'invalid_request' } });
  });
});
