import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

describe('logout and the audit trail', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('reports sign_out to the core with the browser’s address and user agent', async () => {
    const browser = new TestBrowser(stack);
    const signedUp = await browser.signUp(`sign-out-audit.${Date.now()}@example.com`, 'correct horse battery staple');
    expect(signedUp.body).toMatchObject({ state: 'complete' });
    const userId = ((await browser.request('GET', '/auth/session')).body as { user: { id: string } }).user.id;

    const out = await browser.request('POST', '/auth/logout', { headers: { 'user-agent': 'Mozilla/5.0 (sign-out test)' } });
    expect(out.status).toBe(204);
    const { events } = await stack.core.audit.list({ userId, types: ['sign_out'] });
    expect(events).toEqual([expect.objectContaining({ type: 'sign_out', userId, clientId: 'test-app', userAgent: 'Mozilla/5.0 (sign-out test)', ip: expect.any(String) })]);

    // Logging out without a session reports nothing.
    await browser.request('POST', '/auth/logout');
    expect((await stack.core.audit.list({ userId, types: ['sign_out'] })).events).toHaveLength(1);
  });
});
