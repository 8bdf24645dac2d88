import { randomUUID } from 'node:crypto';
import type { CoreOptions } from '@latch/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type BrowserResponse, type TestStack } from '../testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';
const DAY = 24 * 3600 * 1000;

const profile: CoreOptions['profile'] = {
  fields: [
    { key: 'display_name', type: 'text', label: { en: 'Display name', de: 'Anzeigename' }, claim: 'name', validation: { maxLength: 40 } },
    { key: 'company', type: 'text', label: { en: 'Company', de: 'Firma' }, validation: { required: true, maxLength: 20 } },
    {
      key: 'job_role',
      type: 'select',
      label: { en: 'Role' },
      options: [
        { value: 'developer', label: { en: 'Developer', de: 'Entwickler' } },
        { value: 'manager', label: { en: 'Manager' } },
      ],
      validation: { required: true },
    },
    { key: 'phone', type: 'tel', label: { en: 'Phone' }, claim: 'phone_number', scope: 'phone', validation: { required: true } },
    { key: 'interests', type: 'multiselect', label: { en: 'Interests' }, options: [{ value: 'ai', label: { en: 'AI' } }, { value: 'web', label: { en: 'Web' } }] },
    { key: 'seats', type: 'number', label: { en: 'Seats' }, validation: { min: 1, max: 50 } },
    { key: 'city', type: 'text', label: { en: 'City' } },
  ],
  rules: [
    { id: 'work', fields: ['company', 'job_role'], when: { after_sign_ins: 2 }, skippable: true, resurfaceAfterSignIns: 2 },
    { id: 'aged', fields: ['city'], when: { after_days: 10 }, skippable: true },
    { id: 'checkout', fields: ['phone'], when: { on_demand: 'checkout' }, skippable: true },
  ],
};

interface FlowBody {
  id: string;
  type: string;
  state: string;
  step: { name: string; fields: { name: string; type: string; label?: string; options?: unknown[]; messages: { code: string }[] }[]; actions: { name: string }[] } | null;
}

describe('profile fields and progressive profiling through the BFF', () => {
  let stack: TestStack;
  let clock = Date.now();

  beforeAll(async () => {
    stack = await startTestStack({ profile, now: () => new Date(clock), scopes: ['phone'] });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function newUser(): Promise<{ browser: TestBrowser; email: string }> {
    const browser = new TestBrowser(stack);
    const email = `profile-${randomUUID()}@example.com`;
    expect((await browser.signUp(email, PASSWORD)).status).toBe(200);
    return { browser, email };
  }

  /** Signs in with a fresh browser; returns the password step's answer. */
  async function signIn(email: string): Promise<{ browser: TestBrowser; answer: BrowserResponse; flow: FlowBody }> {
    const browser = new TestBrowser(stack);
    const answer = await browser.signIn(email, PASSWORD);
    return { browser, answer, flow: answer.body as FlowBody };
  }

  async function stats(): Promise<Record<string, { shown: number; completed: number; skipped: number; users: number }>> {
    const credentials = stack.core.clients[0];
    if (!credentials) throw new Error('no client');
    const response = await fetch(`${stack.url}/core/profile-prompts/stats`, {
      headers: { authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { rules: { id: string; shown: number; completed: number; skipped: number; users: number }[] };
    return Object.fromEntries(body.rules.map((rule) => [rule.id, rule]));
  }

  it('inserts the profile step at the 2nd sign-in, validates per field, stores, and does not ask again', async () => {
    const { email } = await newUser();
    const before = await stats();
    const first = await signIn(email);
    expect(first.flow.state).toBe('complete');

    const second = await signIn(email);
    expect(second.flow.state).toBe('active');
    expect(second.flow.step?.name).toBe('profile');
    expect(second.flow.step?.fields.map((field) => [field.name, field.type, field.label])).toEqual([
      ['company', 'text', 'Company'],
      ['job_role', 'select', 'Role'],
    ]);
    expect(second.flow.step?.actions.map((action) => action.name)).toEqual(['submit', 'skip']);
    // Not signed in yet: the session starts once the step is answered.
    expect((await second.browser.request('GET', '/auth/session')).body).toEqual({ authenticated: false });

    const bad = await second.browser.request('POST', `/auth/flows/${second.flow.id}/submit`, {
      json: { step: 'profile', action: 'submit', values: { company: 'A much too long company name', job_role: 'ceo' } },
    });
    expect(bad.status).toBe(422);
    const refused = (bad.body as { flow: FlowBody }).flow.step?.fields.map((field) => [field.name, field.messages.map((message) => message.code)]);
    expect(refused).toEqual([
      ['company', ['too_long']],
      ['job_role', ['invalid_option']],
    ]);

    const unknown = await second.browser.request('POST', `/auth/flows/${second.flow.id}/submit`, {
      json: { step: 'profile', action: 'submit', values: { company: 'Acme', job_role: 'developer', is_admin: 'true' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'unknown_field' } });

    const done = await second.browser.request('POST', `/auth/flows/${second.flow.id}/submit`, {
      json: { step: 'profile', action: 'submit', values: { company: 'Acme', job_role: 'developer' } },
    });
    expect(done.status).toBe(200);
    expect((done.body as FlowBody).state).toBe('complete');
    expect((await second.browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true });

    const values = (await second.browser.request('GET', '/auth/account/profile')).body as { fields: { key: string; value: unknown }[] };
    expect(Object.fromEntries(values.fields.map((field) => [field.key, field.value]))).toMatchObject({ company: 'Acme', job_role: 'developer' });
    // The refused submission with an unknown field stored nothing of it.
    const stored = await stack.core.db.selectFrom('latch_profiles').select('values').execute();
    expect(stored.some((row) => 'is_admin' in (row.values as object))).toBe(false);

    expect((await signIn(email)).flow.state).toBe('complete');
    const after = await stats();
    expect(after.work?.shown).toBe((before.work?.shown ?? 0) + 1);
    expect(after.work?.completed).toBe((before.work?.completed ?? 0) + 1);
    expect(after.work?.skipped).toBe(before.work?.skipped ?? 0);
  });

  it('lets a skippable prompt be skipped; it comes back after resurfaceAfterSignIns more sign-ins', async () => {
    const { email } = await newUser();
    const before = await stats();
    await signIn(email);
    const second = await signIn(email);
    expect(second.flow.step?.name).toBe('profile');
    const skipped = await second.browser.request('POST', `/auth/flows/${second.flow.id}/submit`, { json: { step: 'profile', action: 'skip', values: {} } });
    expect((skipped.body as FlowBody).state).toBe('complete');
    expect((await second.browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true });

    expect((await signIn(email)).flow.state).toBe('complete'); // 3rd: held back
    expect((await signIn(email)).flow.step?.name).toBe('profile'); // 4th: two more sign-ins since the skip
    const after = await stats();
    expect(after.work?.skipped).toBe((before.work?.skipped ?? 0) + 1);
    expect(after.work?.shown).toBe((before.work?.shown ?? 0) + 2);
  });

  it('asks after_days rules once the account is old enough on the injected clock', async () => {
    const { browser, email } = await newUser();
    // Nothing else due for this user: the work rule's fields are filled.
    expect((await browser.request('PATCH', '/auth/account/profile', { json: { values: { company: 'Acme', job_role: 'manager' } } })).status).toBe(200);
    expect((await signIn(email)).flow.state).toBe('complete');
    clock += 11 * DAY;
    try {
      const later = await signIn(email);
      expect(later.flow.step?.fields.map((field) => field.name)).toEqual(['city']);
    } finally {
      clock -= 11 * DAY;
    }
  });

  it('runs an on-demand prompt for the signed-in user and completes without signing in again', async () => {
    const { browser } = await newUser();
    expect((await new TestBrowser(stack).request('POST', '/auth/account/profile/flows', { json: { key: 'checkout' } })).status).toBe(401);
    const unknown = await browser.request('POST', '/auth/account/profile/flows', { json: { key: 'nope' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'unknown_profile_prompt' } });
    expect((await browser.request('POST', '/auth/account/profile/flows', { json: { key: 'checkout' }, csrf: false })).status).toBe(403);

    const started = await browser.request('POST', '/auth/account/profile/flows', { json: { key: 'checkout' } });
    expect(started.status).toBe(201);
    const flow = started.body as FlowBody;
    expect(flow).toMatchObject({ type: 'profile', state: 'active', step: { name: 'profile' } });
    expect(flow.step?.fields.map((field) => [field.name, field.type])).toEqual([['phone', 'tel']]);

    // Another browser cannot answer it.
    const stranger = await new TestBrowser(stack).request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'profile', action: 'submit', values: { phone: '+41 44 000 00 00' } } });
    expect(stranger.status).toBe(404);

    const bad = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'profile', action: 'submit', values: { phone: '' } } });
    expect((bad.body as { flow: FlowBody }).flow.step?.fields[0]?.messages.map((message) => message.code)).toEqual(['required']);
    const done = await browser.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'profile', action: 'submit', values: { phone: '+41 44 000 00 00' } } });
    expect(done.status).toBe(200);
    expect((done.body as FlowBody).state).toBe('complete');
    expect((await browser.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true });

    // Nothing left to ask: the flow is complete at once.
    const again = await browser.request('POST', '/auth/account/profile/flows', { json: { key: 'checkout' } });
    expect(again.body).toMatchObject({ type: 'profile', state: 'complete', step: null });
  });

  it('PATCH validates every field, refuses unknown ones, and writes all or nothing', async () => {
    const { browser } = await newUser();
    expect((await browser.request('PATCH', '/auth/account/profile', { json: { values: { city: 'Bern' } }, csrf: false })).status).toBe(403);

    const refused = await browser.request('PATCH', '/auth/account/profile', {
      json: { values: { city: 'Zürich', seats: 99, interests: ['ai', 'crypto'], is_admin: true } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: {
        code: 'invalid_profile',
        fields: { seats: [{ code: 'out_of_range' }], interests: [{ code: 'invalid_option' }], is_admin: [{ code: 'unknown_field' }] },
      },
    });
    const untouched = (await browser.request('GET', '/auth/account/profile')).body as { fields: { key: string; value: unknown }[] };
    expect(untouched.fields.every((field) => field.value === null)).toBe(true);

    const saved = await browser.request('PATCH', '/auth/account/profile?locale=de', { json: { values: { city: 'Zürich', seats: 3, interests: ['web', 'ai'], job_role: 'developer' } } });
    expect(saved.status).toBe(200);
    const fields = (saved.body as { fields: { key: string; label: string; value: unknown; options?: { label: string }[] }[] }).fields;
    expect(fields.find((field) => field.key === 'company')?.label).toBe('Firma');
    expect(fields.find((field) => field.key === 'job_role')?.options?.[0]?.label).toBe('Entwickler');
    expect(Object.fromEntries(fields.map((field) => [field.key, field.value]))).toMatchObject({ city: 'Zürich', seats: 3, interests: ['ai', 'web'], job_role: 'developer' });

    // null clears an optional field; a required one cannot be cleared.
    const cleared = await browser.request('PATCH', '/auth/account/profile', { json: { values: { city: null } } });
    expect((cleared.body as { fields: { key: string; value: unknown }[] }).fields.find((field) => field.key === 'city')?.value).toBeNull();
    const required = await browser.request('PATCH', '/auth/account/profile', { json: { values: { job_role: null, city: 'Basel' } } });
    expect(required.body).toMatchObject({ error: { code: 'invalid_profile', fields: { job_role: [{ code: 'required' }] } } });
    expect((await browser.request('GET', '/auth/account/profile')).body).toMatchObject({ fields: expect.arrayContaining([{ ...fields.find((field) => field.key === 'city'), label: 'City', value: null }]) as unknown });

    expect((await new TestBrowser(stack).request('GET', '/auth/account/profile')).status).toBe(401);
  });

  it('keeps the stats behind client credentials and the profile API behind the user’s access token', async () => {
    expect((await fetch(`${stack.url}/core/profile-prompts/stats`)).status).toBe(401);
    const { browser } = await newUser();
    const session = (await browser.request('GET', '/auth/session')).body as { user: { id: string } };
    const credentials = stack.core.clients[0];
    if (!credentials) throw new Error('no client');
    const basic = `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`;
    const withClientOnly = await fetch(`${stack.url}/core/users/${session.user.id}/profile`, { headers: { authorization: basic } });
    expect(withClientOnly.status).toBe(401);
  });

  it('releases collected fields as ID token and userinfo claims for their scopes', async () => {
    const { browser, email } = await newUser();
    await browser.request('PATCH', '/auth/account/profile', { json: { values: { display_name: 'Ada L.', phone: '+44 20 7946 0000', company: 'Acme', job_role: 'manager', interests: ['ai'] } } });
    const { browser: again, flow } = await signIn(email);
    expect(flow.state).toBe('complete');
    const session = (await again.request('GET', '/auth/session')).body as { user: { claims: Record<string, unknown> } };
    expect(session.user.claims).toMatchObject({ name: 'Ada L.', phone_number: '+44 20 7946 0000', company: 'Acme', job_role: 'manager', interests: ['ai'] });
    expect(session.user.claims).not.toHaveProperty('display_name');

    const row = await stack.core.db
      .selectFrom('latch_bff_sessions' as never)
      .select('data' as never)
      .where('user_id' as never, '=', session.user.claims.sub as never)
      .execute();
    const accessToken = (row.at(-1) as unknown as { data: { tokens: { accessToken: string } } }).data.tokens.accessToken;
    const userinfo = await fetch(`${stack.url}/oidc/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ email, name: 'Ada L.', phone_number: '+44 20 7946 0000', company: 'Acme' });
  });
});
