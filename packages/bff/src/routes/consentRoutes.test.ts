import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consentTextHash, type ConsentChangeEvent, type CoreOptions } from '@latch/core';
import { createTestSchema, type TestSchema } from '@latch/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';
const WEBHOOK_SECRET = 'consent-webhook-secret-for-tests-0123456789';
const UA = 'ConsentTest/1.0 (integration)';

function purposes(termsVersion: number): NonNullable<CoreOptions['consent']>['purposes'] {
  return [
    { id: 'terms', version: termsVersion, kind: 'required', locales: { en: { title: 'Terms of service', text: `Terms, version ${termsVersion}.` } }, policyUrl: 'https://example.com/terms' },
    { id: 'privacy', version: 1, kind: 'required', locales: { en: { title: 'Privacy policy', text: 'How we use your data.' } } },
    { id: 'marketing_email', version: 1, kind: 'optional', locales: { en: { title: 'Marketing email', text: 'News and offers by email.' } } },
    { id: 'analytics', version: 1, kind: 'optional', locales: { en: { title: 'Analytics', text: 'Usage statistics.' } } },
  ];
}
const allRequired = { 'consent.terms': 'true', 'consent.privacy': 'true' };

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real receiver on 127.0.0.1: answers 500 to the first `failFirst` deliveries, then 204. */
async function startReceiver(failFirst: number): Promise<{ url: string; deliveries: Delivery[]; attempts: () => number; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  let attempts = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      attempts += 1;
      if (attempts <= failFirst) {
        res.statusCode = 500;
        res.end();
        return;
      }
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/consent`,
    deliveries,
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a receiver does (see the core README): recompute the HMAC over `<t>.<body>` and compare in constant time. */
function verifySignature(delivery: Delivery, secret: string): boolean {
  const header = String(delivery.headers['latch-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/u.exec(header);
  if (!match) return false;
  const [, timestamp = '', mac = ''] = match;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(mac, 'hex'));
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('consent through the BFF', () => {
  let stack: TestStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const events: ConsentChangeEvent[] = [];

  beforeAll(async () => {
    // The first delivery fails once, so the retry path is part of the test.
    receiver = await startReceiver(1);
    stack = await startTestStack({ consent: { purposes: purposes(1), webhook: { url: receiver.url, secret: WEBHOOK_SECRET, initialDelayMs: 50 } } });
    stack.core.consent.onChange((event) => {
      events.push(event);
    });
  });
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
  });

  async function signedUp(extra: Record<string, string> = {}): Promise<{ browser: TestBrowser; email: string }> {
    const browser = new TestBrowser(stack);
    const email = `consent-${randomUUID()}@example.com`;
    const done = await browser.signUp(email, PASSWORD, { ...allRequired, ...extra });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return { browser, email };
  }

  async function receiptCount(): Promise<number> {
    const row = await stack.core.db.selectFrom('latch_consent_receipts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('shows one unticked checkbox per purpose at sign-up and refuses a missing required one with consent_required, creating nothing', async () => {
    const browser = new TestBrowser(stack);
    const created = await browser.request('POST', '/auth/flows/sign-up');
    const flow = created.body as { id: string; step: { fields: Array<{ name: string; type: string; value?: string; constraints: { required: boolean }; consent?: Record<string, unknown> }> } };
    const boxes = flow.step.fields.filter((field) => field.type === 'checkbox');
    expect(boxes.map((field) => [field.name, field.constraints.required, field.value])).toEqual([
      ['consent.terms', true, undefined],
      ['consent.privacy', true, undefined],
      ['consent.marketing_email', false, undefined],
      ['consent.analytics', false, undefined],
    ]);
    expect(boxes[0]?.consent).toEqual({ purposeId: 'terms', version: 1, required: true, title: 'Terms of service', text: 'Terms, version 1.', policyUrl: 'https://example.com/terms' });

    const before = await receiptCount();
    const email = `consent-${randomUUID()}@example.com`;
    const refused = await browser.request('POST', `/auth/flows/${flow.id}/submit`, {
      json: { step: 'credentials', action: 'submit', values: { email, password: PASSWORD, 'consent.terms': 'true', 'consent.marketing_email': 'true' } },
    });
    expect(refused.status).toBe(422);
    const fields = (refused.body as { flow: { step: { fields: Array<{ name: string; messages: Array<{ code: string }> }> } } }).flow.step.fields;
    expect(fields.find((field) => field.name === 'consent.privacy')?.messages.map((m) => m.code)).toEqual(['consent_required']);
    expect(fields.find((field) => field.name === 'consent.terms')?.messages).toEqual([]);
    expect(await browser.newestMail(email)).toBeUndefined();
    expect(await stack.core.users.findByEmail(email)).toBeUndefined();
    expect(await receiptCount()).toBe(before);
  });

  it('writes sign-up receipts with the text hash, IP and user agent, only for ticked purposes, and lists them through the BFF', async () => {
    const browser = new TestBrowser(stack);
    const email = `consent-${randomUUID()}@example.com`;
    const created = await browser.request('POST', '/auth/flows/sign-up', { headers: { 'user-agent': UA } });
    const { id } = created.body as { id: string };
    const answered = await browser.request('POST', `/auth/flows/${id}/submit`, {
      headers: { 'user-agent': UA },
      json: { step: 'credentials', action: 'submit', values: { email, password: PASSWORD, ...allRequired, 'consent.marketing_email': 'true' } },
    });
    expect((answered.body as { step: { name: string } }).step.name).toBe('verify-email');
    // Not yet: the account (and its receipts) exist only once the address is confirmed.
    expect(await stack.core.users.findByEmail(email)).toBeUndefined();
    const code = (await browser.newestMail(email))?.code ?? '';
    const done = await browser.request('POST', `/auth/flows/${id}/submit`, { headers: { 'user-agent': UA }, json: { step: 'verify-email', action: 'submit', values: { code } } });
    expect(done.status).toBe(200);

    const user = await stack.core.users.findByEmail(email);
    const receipts = (await browser.request('GET', '/auth/account/consents/receipts')).body as { receipts: Array<Record<string, unknown>> };
    expect(receipts.receipts).toHaveLength(3);
    expect(receipts.receipts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purposeId: 'terms', version: 1, decision: 'granted', source: 'sign_up', locale: 'en', textSha256: consentTextHash({ title: 'Terms of service', text: 'Terms, version 1.' }), userAgent: UA }),
        expect.objectContaining({ purposeId: 'privacy', decision: 'granted', textSha256: consentTextHash({ title: 'Privacy policy', text: 'How we use your data.' }) }),
        expect.objectContaining({ purposeId: 'marketing_email', decision: 'granted' }),
      ]),
    );
    expect(receipts.receipts[0]?.ip).toMatch(/127\.0\.0\.1/u);
    expect(events.some((event) => event.userId === user?.id && event.source === 'sign_up' && event.changes.length === 3)).toBe(true);

    const listed = (await browser.request('GET', '/auth/account/consents')).body as { purposes: Array<{ id: string; decision: string | null; granted: boolean; required: boolean }> };
    expect(listed.purposes.map((p) => [p.id, p.required, p.decision, p.granted])).toEqual([
      ['terms', true, 'granted', true],
      ['privacy', true, 'granted', true],
      ['marketing_email', false, 'granted', true],
      ['analytics', false, null, false],
    ]);
  });

  it('withdraws an optional purpose: a profile receipt, subscribers told, a signed webhook delivered (after a retry)', async () => {
    const { browser } = await signedUp({ 'consent.marketing_email': 'true' });
    const before = receiver.deliveries.length;
    const updated = await browser.request('PUT', '/auth/account/consents', { json: { decisions: { marketing_email: 'withdrawn' } } });
    expect(updated.status).toBe(200);
    expect((updated.body as { purposes: Array<{ id: string; decision: string | null }> }).purposes.find((p) => p.id === 'marketing_email')?.decision).toBe('withdrawn');

    const receipts = ((await browser.request('GET', '/auth/account/consents/receipts')).body as { receipts: Array<{ purposeId: string; decision: string; source: string }> }).receipts;
    expect(receipts[0]).toMatchObject({ purposeId: 'marketing_email', decision: 'withdrawn', source: 'profile' });

    const userId = ((await browser.request('GET', '/auth/session')).body as { user: { id: string } }).user.id;
    const delivery = await waitFor(() =>
      receiver.deliveries.slice(before).find((candidate) => {
        const body = JSON.parse(candidate.body) as ConsentChangeEvent;
        return body.userId === userId && body.source === 'profile';
      }),
    );
    expect(verifySignature(delivery, WEBHOOK_SECRET)).toBe(true);
    expect(verifySignature(delivery, 'another-secret-of-enough-length-0123456789')).toBe(false);
    expect(verifySignature({ ...delivery, body: delivery.body.replace('withdrawn', 'granted') }, WEBHOOK_SECRET)).toBe(false);
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['latch-delivery']).toMatch(/^[0-9a-f-]{36}$/u);
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'consent.changed', userId, source: 'profile', changes: [{ purposeId: 'marketing_email', version: 1, decision: 'withdrawn', required: false }] });
    // The receiver refused the very first delivery of the suite; it was retried.
    expect(receiver.attempts()).toBeGreaterThan(receiver.deliveries.length);
    expect(events.some((event) => event.userId === userId && event.source === 'profile' && event.changes[0]?.decision === 'withdrawn')).toBe(true);

    // Granting again is as easy.
    const regranted = await browser.request('PUT', '/auth/account/consents', { json: { decisions: { marketing_email: 'granted', analytics: 'granted' } } });
    expect((regranted.body as { purposes: Array<{ id: string; granted: boolean }> }).purposes.filter((p) => p.granted).map((p) => p.id)).toEqual(['terms', 'privacy', 'marketing_email', 'analytics']);
  });

  it('refuses withdrawing a required purpose with a stable code and writes nothing', async () => {
    const { browser } = await signedUp();
    const before = await receiptCount();
    const refused = await browser.request('PUT', '/auth/account/consents', { json: { decisions: { analytics: 'granted', terms: 'withdrawn' } } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'required_purpose_withdrawal' } });
    const unknown = await browser.request('PUT', '/auth/account/consents', { json: { decisions: { telepathy: 'granted' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'unknown_purpose' } });
    const malformed = await browser.request('PUT', '/auth/account/consents', { json: { decisions: { analytics: 'maybe' } } });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'invalid_request' } });
    expect(await receiptCount()).toBe(before);
  });

  it('needs a session, and the CSRF header on PUT', async () => {
    const anonymous = new TestBrowser(stack);
    for (const [method, path] of [
      ['GET', '/auth/account/consents'],
      ['PUT', '/auth/account/consents'],
      ['GET', '/auth/account/consents/receipts'],
    ] as const) {
      const response = await anonymous.request(method, path, method === 'PUT' ? { json: { decisions: { analytics: 'granted' } } } : {});
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    const { browser } = await signedUp();
    const noHeader = await browser.request('PUT', '/auth/account/consents', { csrf: false, json: { decisions: { analytics: 'granted' } } });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body).toMatchObject({ error: { code: 'csrf_header_missing' } });
    const badLocale = await browser.request('GET', '/auth/account/consents?locale=%3Cscript%3E');
    expect(badLocale.status).toBe(400);
  });
});

describe('a required purpose at a new version (PostgreSQL, restarted)', () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await createTestSchema('latch_consent_test');
  });
  afterAll(async () => {
    await schema?.drop();
  });

  async function submit(browser: TestBrowser, flowId: string, step: string, action: string, values: Record<string, string> = {}) {
    return browser.request('POST', `/auth/flows/${flowId}/submit`, { json: { step, action, values } });
  }

  it('asks at the next sign-in after MFA-free first factor; declining ends without a session, accepting writes consent_step receipts', async () => {
    const email = `bump-${randomUUID()}@example.com`;
    const first = await startTestStack({ databaseUrl: schema.databaseUrl, consent: { purposes: purposes(1) } });
    try {
      const done = await new TestBrowser(first).signUp(email, PASSWORD, { ...allRequired, 'consent.marketing_email': 'true' });
      expect(done.status).toBe(200);
      // Same version: no consent step.
      const again = await new TestBrowser(first).signIn(email, PASSWORD);
      expect(again.body).toMatchObject({ state: 'complete' });
    } finally {
      await first.close();
    }

    const second = await startTestStack({ databaseUrl: schema.databaseUrl, consent: { purposes: purposes(2) } });
    try {
      const declining = new TestBrowser(second);
      const asked = await declining.signIn(email, PASSWORD);
      const flow = asked.body as { id: string; state: string; messages: Array<{ code: string }>; step: { name: string; actions: Array<{ name: string }>; fields: Array<{ name: string; consent?: { version: number; previousVersion?: number } }> } };
      expect(flow.state).toBe('active');
      expect(flow.step.name).toBe('consent');
      expect(flow.messages.map((m) => m.code)).toEqual(['consent_updated']);
      // Only what changed: terms went from 1 to 2; privacy and the optional ones are unchanged.
      expect(flow.step.fields.map((field) => [field.name, field.consent?.version, field.consent?.previousVersion])).toEqual([['consent.terms', 2, 1]]);
      expect(flow.step.actions.map((a) => a.name)).toEqual(['submit', 'decline']);

      const unticked = await submit(declining, flow.id, 'consent', 'submit');
      expect(unticked.status).toBe(422);
      expect(unticked.body).toMatchObject({ error: { code: 'consent_required' } });

      const declined = await submit(declining, flow.id, 'consent', 'decline');
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ state: 'active', step: { name: 'consent-declined', fields: [], actions: [] }, messages: [{ code: 'consent_declined' }] });
      expect((await declining.request('GET', '/auth/session')).body).toEqual({ authenticated: false });

      const accepting = new TestBrowser(second);
      const askedAgain = (await accepting.signIn(email, PASSWORD)).body as { id: string; step: { name: string } };
      expect(askedAgain.step.name).toBe('consent');
      const accepted = await submit(accepting, askedAgain.id, 'consent', 'submit', { 'consent.terms': 'true' });
      expect(accepted.body).toMatchObject({ state: 'complete' });
      expect((await accepting.request('GET', '/auth/session')).body).toMatchObject({ authenticated: true });
      const receipts = ((await accepting.request('GET', '/auth/account/consents/receipts')).body as { receipts: Array<{ purposeId: string; version: number; source: string; textSha256: string }> }).receipts;
      expect(receipts[0]).toMatchObject({ purposeId: 'terms', version: 2, source: 'consent_step', textSha256: consentTextHash({ title: 'Terms of service', text: 'Terms, version 2.' }) });

      // Accepted once: the next sign-in goes straight through.
      expect((await new TestBrowser(second).signIn(email, PASSWORD)).body).toMatchObject({ state: 'complete' });
    } finally {
      await second.close();
    }
  });
});
