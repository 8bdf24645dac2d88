import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { END_USER_AGENT_HEADER, END_USER_IP_HEADER, type AuditEvent, type Flow } from '@latch/core';
import { testCores, TEST_ARGON2, TEST_CLIENT_ID, type TestCore } from '../testing/startTestCore.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';

const PASSWORD = 'correct horse battery staple';
const END_USER = { [END_USER_IP_HEADER]: '203.0.113.99', [END_USER_AGENT_HEADER]: 'Mozilla/5.0 (Audit route test)' };

/** An event as it travels: dates as ISO strings. */
type WireEvent = Omit<AuditEvent, 'occurredAt'> & { occurredAt: string };
interface Page {
  events: WireEvent[];
  next?: string;
}

describe.each(testCores)('audit events over HTTP on %s', (_name, start) => {
  let t: TestCore;
  let close: (() => Promise<void>) | undefined;
  let userId: string;
  const email = 'audit-route@example.com';

  beforeAll(async () => {
    ({ t, close } = await start());
    const user = await t.core.users.create({ email, passwordHash: await createPasswordHasher(TEST_ARGON2).hash(PASSWORD) });
    userId = user!.id;
    // A real failed sign-in through the flow API, as the BFF would drive it.
    const interaction = await t.startInteraction();
    const created = await t.api('POST', '/flows', { json: { type: 'sign-in', interaction: interaction.uid }, headers: END_USER });
    const flow = created.body as Flow;
    await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email } }, headers: END_USER });
    const failed = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: { password: 'not it' } }, headers: END_USER });
    expect(failed.status).toBe(422);
    const succeeded = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: { password: PASSWORD } }, headers: END_USER });
    expect(succeeded.status).toBe(200);
  });
  afterAll(async () => {
    await close?.();
  });

  it('requires client authentication', async () => {
    for (const authorization of [null, `Basic ${Buffer.from(`${TEST_CLIENT_ID}:wrong`).toString('base64')}`]) {
      const list = await t.api('GET', '/audit-events', { authorization });
      expect(list.status).toBe(401);
      expect(list.body).toEqual({ error: { code: 'invalid_client', message: 'Client authentication failed.' } });
      const report = await t.api('POST', '/audit-events', { authorization, json: { type: 'sign_out', userId } });
      expect(report.status).toBe(401);
    }
  });

  it('lists the sign-in events with the end user address and user agent, newest first', async () => {
    const response = await t.api('GET', `/audit-events?userId=${userId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { events, next } = response.body as Page;
    expect(next).toBeUndefined();
    expect(events.map((event) => event.type)).toEqual(['sign_in.succeeded', 'sign_in.failed']);
    expect(events[1]).toEqual({
      id: expect.stringMatching(/^\d+$/u),
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/u),
      type: 'sign_in.failed',
      userId,
      identifierHash: await t.core.audit.hashIdentifier(email),
      ip: '203.0.113.99',
      userAgent: 'Mozilla/5.0 (Audit route test)',
      flowId: expect.stringMatching(/^flow_/u),
      clientId: null,
      details: { step: 'password', reason: 'invalid_credentials' },
    });
    // Searching by the address goes through the same keyed hash.
    const byAddress = await t.api('GET', `/audit-events?identifier=${encodeURIComponent(email.toUpperCase())}&type=sign_in.failed`);
    expect((byAddress.body as Page).events.map((event) => event.id)).toEqual([events[1]!.id]);
  });

  it('records a relying party’s sign-out, with its client id and the end user', async () => {
    const report = await t.api('POST', '/audit-events', { json: { type: 'sign_out', userId }, headers: END_USER });
    expect(report.status).toBe(204);
    const response = await t.api('GET', `/audit-events?userId=${userId}&type=sign_out,sign_in.succeeded&limit=1`);
    const page = response.body as Page;
    expect(page.events).toEqual([expect.objectContaining({ type: 'sign_out', userId, clientId: TEST_CLIENT_ID, ip: '203.0.113.99', userAgent: 'Mozilla/5.0 (Audit route test)' })]);
    expect(page.next).toEqual(expect.any(String));
    const older = await t.api('GET', `/audit-events?userId=${userId}&type=sign_out&type=sign_in.succeeded&before=${page.next}`);
    expect((older.body as Page).events.map((event) => event.type)).toEqual(['sign_in.succeeded']);
    expect((older.body as Page).next).toBeUndefined();
  });

  it('answers 400 invalid_request to a malformed query or report', async () => {
    const queries = [
      'limit=0',
      'limit=501',
      'limit=ten',
      'limit=1&limit=2',
      'type=Not%20a%20type',
      'userId=a&userId=b',
      'userid=typo',
      'since=yesterday',
      'before=not-a-cursor',
      `before=${'A'.repeat(65)}`,
    ];
    for (const query of queries) {
      const response = await t.api('GET', `/audit-events?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect((response.body as { error: { code: string } }).error.code).toBe('invalid_request');
    }
    for (const json of [{ type: 'sign_in.succeeded', userId }, { type: 'sign_out' }, { type: 'sign_out', userId, extra: 1 }, []]) {
      const response = await t.api('POST', '/audit-events', { json });
      expect(response.status).toBe(400);
      expect((response.body as { error: { code: string } }).error.code).toBe('invalid_request');
    }
    const notJson = await t.api('POST', '/audit-events', { body: 'type=sign_out', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).toBe(415);
  });
});
