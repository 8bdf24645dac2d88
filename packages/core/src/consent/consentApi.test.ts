import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../testing/startTestCore.ts';

describe('consent account API of the core', () => {
  let t: TestCore;
  let counter = 0;

  beforeAll(async () => {
    t = await startTestCore({
      consent: {
        purposes: [
          { id: 'terms', version: 1, kind: 'required', locales: { en: { title: 'Terms', text: 'The terms.' }, fr: { title: 'Conditions', text: 'Les conditions.' } } },
          { id: 'analytics', version: 1, kind: 'optional', locales: { en: { title: 'Analytics', text: 'Statistics.' } } },
        ],
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function newUser(): Promise<string> {
    const user = await t.core.users.create({ email: `consent-api-${++counter}-${Date.now()}@example.com`, passwordHash: null });
    return user!.id;
  }

  it("requires the user's own access token", async () => {
    const id = await newUser();
    const other = await newUser();
    for (const authorization of [null, t.authorization, 'Bearer wrong']) {
      expect((await t.api('GET', `/users/${id}/consents`, { authorization })).status).toBe(401);
      expect((await t.api('PUT', `/users/${id}/consents`, { authorization, json: { decisions: { analytics: 'granted' } } })).status).toBe(401);
    }
    const foreign = await t.api('GET', `/users/${id}/consents/receipts`, { authorization: await t.accessTokenFor(other) });
    expect(foreign.status).toBe(403);
  });

  it('lists purposes in the asked locale, records API changes with source api by default, and validates input', async () => {
    const id = await newUser();
    const listed = await t.api('GET', `/users/${id}/consents?locale=fr-CA`);
    expect(listed.body).toMatchObject({ purposes: [{ id: 'terms', locale: 'fr', title: 'Conditions', decision: null, granted: false }, { id: 'analytics', locale: 'en' }] });

    const updated = await t.api('PUT', `/users/${id}/consents`, { json: { decisions: { analytics: 'granted', terms: 'granted' }, locale: 'fr' }, headers: { 'x-latch-end-user-ip': '198.51.100.4', 'x-latch-end-user-agent': 'Backend/2' } });
    expect(updated.status).toBe(200);
    const receipts = (await t.api('GET', `/users/${id}/consents/receipts?limit=10`)).body as { receipts: Array<Record<string, unknown>> };
    expect(receipts.receipts.map((r) => [r.purposeId, r.decision, r.source, r.locale, r.ip, r.userAgent])).toEqual(
      expect.arrayContaining([
        ['analytics', 'granted', 'api', 'en', '198.51.100.4', 'Backend/2'],
        ['terms', 'granted', 'api', 'fr', '198.51.100.4', 'Backend/2'],
      ]),
    );

    for (const [json, code] of [
      [{ decisions: {} }, 'invalid_request'],
      [{ decisions: { analytics: 'yes' } }, 'invalid_request'],
      [{ decisions: { analytics: 'granted' }, source: 'sign_up' }, 'invalid_request'],
      [{ decisions: { analytics: 'granted' }, extra: 1 }, 'invalid_request'],
      [{ decisions: { terms: 'withdrawn' } }, 'required_purpose_withdrawal'],
    ] as const) {
      const response = await t.api('PUT', `/users/${id}/consents`, { json });
      expect(response.body, JSON.stringify(json)).toMatchObject({ error: { code } });
    }
    expect((await t.api('PUT', `/users/${id}/consents`, { body: 'decisions=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect((await t.api('GET', `/users/${id}/consents?locale=%00`)).status).toBe(400);
    expect((await t.api('GET', `/users/${id}/consents/receipts?limit=0`)).status).toBe(400);
  });
});
