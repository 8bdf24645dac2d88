import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ARGON2, testCores, type TestCore } from '../testing/startTestCore.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';
import type { OrganizationBranding } from './createBrandingService.ts';
import type { ResolvedBranding } from './resolveBranding.ts';

describe.each(testCores)('organization branding API on %s', (_name, start) => {
  let t: TestCore;
  let close: () => Promise<void>;
  let counter = 0;
  let hash: string;

  beforeAll(async () => {
    ({ t, close } = await start());
    hash = await createPasswordHasher(TEST_ARGON2).hash('correct horse battery staple');
  });
  afterAll(async () => {
    await close?.();
  });

  async function newUser(): Promise<string> {
    const user = await t.core.users.create({ email: `brand-${++counter}-${Date.now()}@example.com`, passwordHash: hash, emailVerified: true });
    return user!.id;
  }

  async function newOrg(ownerId: string): Promise<{ id: string; slug: string }> {
    const slug = `acme-${++counter}-${Date.now().toString(36)}`;
    const created = await t.api('POST', `/users/${ownerId}/organizations`, { json: { name: 'Acme Inc', slug, logoUrl: 'https://cdn.example/acme.svg' } });
    expect(created.status).toBe(201);
    return { id: (created.body as { id: string }).id, slug };
  }

  const acmeBranding = { colors: { primary: '#0f766e' }, copy: { signInHeading: 'Sign in to Acme' }, logoUrl: '/logos/acme.svg' };

  it('lets an owner store branding that the public resolve then serves by slug', async () => {
    const owner = await newUser();
    const org = await newOrg(owner);
    const before = await t.api('GET', `/users/${owner}/organizations/${org.id}/branding`);
    expect(before.status).toBe(200);
    expect((before.body as OrganizationBranding).resolved).toMatchObject({ displayName: 'Acme Inc', logoUrl: 'https://cdn.example/acme.svg', properties: {} });

    const put = await t.api('PUT', `/users/${owner}/organizations/${org.id}/branding`, { json: acmeBranding });
    expect(put.status).toBe(200);
    expect((put.body as OrganizationBranding).settings).toMatchObject({ colors: { primary: '#0f766e', link: null }, copy: { signInHeading: 'Sign in to Acme', signUpHeading: null } });

    const resolved = await t.api('GET', `/branding?organization=${org.slug}`);
    expect(resolved.status).toBe(200);
    expect(resolved.body as ResolvedBranding).toMatchObject({
      organization: { slug: org.slug, name: 'Acme Inc' },
      displayName: 'Acme Inc',
      logoUrl: '/logos/acme.svg',
      baseTheme: 'light',
      copy: { signInHeading: 'Sign in to Acme' },
      properties: { '--latch-color-action-primary': '#0f766e', '--latch-color-text-on-action': '#ffffff' },
    });

    // PUT replaces: what is left out goes back to the default.
    await t.api('PUT', `/users/${owner}/organizations/${org.id}/branding`, { json: { baseTheme: 'enterprise' } });
    const replaced = (await t.api('GET', `/branding?organization=${org.slug}`)).body as ResolvedBranding;
    expect(replaced.logoUrl).toBe('https://cdn.example/acme.svg');
    expect(replaced.properties['--latch-color-action-primary']).toBe('#334e68');
    expect(replaced.copy.signInHeading).toBeNull();
  });

  it('refuses a brand colour that cannot keep AA contrast, and stores nothing', async () => {
    const owner = await newUser();
    const org = await newOrg(owner);
    const res = await t.api('PUT', `/users/${owner}/organizations/${org.id}/branding`, { json: { colors: { primary: '#fde047' } } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'brand_color_contrast' } });
    expect(((await t.api('GET', `/branding?organization=${org.slug}`)).body as ResolvedBranding).properties).toEqual({});
  });

  it('refuses anything but hex colours, https or same-origin logos and short plain copy', async () => {
    const owner = await newUser();
    const org = await newOrg(owner);
    for (const json of [{ colors: { primary: 'red; background: url(x)' } }, { logoUrl: 'javascript:alert(1)' }, { copy: { signInHeading: 'x'.repeat(200) } }, { css: 'body{}' }]) {
      const res = await t.api('PUT', `/users/${owner}/organizations/${org.id}/branding`, { json });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });

  it('is for admins only: a member gets 403, a stranger 404 as for no organization', async () => {
    const owner = await newUser();
    const org = await newOrg(owner);
    const member = await newUser();
    await t.core.db.insertInto('latch_org_memberships').values({ organization_id: org.id, user_id: member, role: 'member', created_at: new Date() }).execute();
    const asMember = await t.api('PUT', `/users/${member}/organizations/${org.id}/branding`, { json: acmeBranding });
    expect(asMember.status).toBe(403);
    expect(asMember.body).toMatchObject({ error: { code: 'org_forbidden' } });
    expect((await t.api('GET', `/users/${member}/organizations/${org.id}/branding`)).status).toBe(403);
    const stranger = await newUser();
    const asStranger = await t.api('GET', `/users/${stranger}/organizations/${org.id}/branding`);
    expect(asStranger.status).toBe(404);
    expect(asStranger.body).toMatchObject({ error: { code: 'org_not_found' } });
  });

  it('answers the public resolve only to a client, with 404 for an unknown slug and 400 for a malformed one', async () => {
    expect((await t.api('GET', '/branding?organization=acme', { authorization: null })).status).toBe(401);
    const unknown = await t.api('GET', '/branding?organization=no-such-org-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'branding_not_found' } });
    const malformed = await t.api('GET', '/branding?organization=%3Cscript%3E');
    expect(malformed.status).toBe(400);
    expect(((await t.api('GET', '/branding')).body as ResolvedBranding).organization).toBeNull();
  });
});
