import { randomUUID } from 'node:crypto';
import { createSoftAuthenticator } from '@latch/core/testing/soft-authenticator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestBrowser, type TestStack } from '../testing/startTestStack.ts';

const PASSWORD = 'correct horse battery staple';

describe('passkey routes of the BFF', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers 401 unauthenticated without a session, on every route', async () => {
    const browser = new TestBrowser(stack);
    for (const [method, path] of [
      ['GET', '/auth/passkeys'],
      ['POST', '/auth/passkeys/registration-options'],
      ['POST', '/auth/passkeys'],
      ['DELETE', '/auth/passkeys/pk_abcdefghijkl'],
    ] as const) {
      const response = await browser.request(method, path, method === 'POST' && path === '/auth/passkeys' ? { json: { response: {} } } : {});
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'unauthenticated' } });
    }
  });

  it('adds a passkey for the signed-in user, signs in with it usernameless, and removes it', async () => {
    const browser = new TestBrowser(stack);
    const email = `passkey-${randomUUID()}@example.com`;
    expect((await browser.signUp(email, PASSWORD)).status).toBe(200);
    const { origin, hostname: rpId } = new URL(stack.url);

    const noCsrf = await browser.request('POST', '/auth/passkeys/registration-options', { csrf: false });
    expect(noCsrf.status).toBe(403);
    const options = await browser.request('POST', '/auth/passkeys/registration-options');
    expect(options.status).toBe(200);
    const authenticator = createSoftAuthenticator();
    const response = authenticator.register(options.body as { challenge: string }, { origin, rpId });
    const added = await browser.request('POST', '/auth/passkeys', { json: { response, name: 'Phone' } });
    expect(added.status).toBe(201);
    const { id } = added.body as { id: string };
    const listed = (await browser.request('GET', '/auth/passkeys')).body as { passkeys: { id: string; name: string }[] };
    expect(listed.passkeys).toEqual([expect.objectContaining({ id, name: 'Phone' })]);

    // A new browser, no email typed: the passkey names the account.
    const other = new TestBrowser(stack);
    const flow = (await other.request('POST', '/auth/flows/sign-in')).body as { id: string; step: { webauthn: { options: { challenge: string } } } };
    const assertion = authenticator.authenticate(flow.step.webauthn.options, { origin, rpId });
    const done = await other.request('POST', `/auth/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'passkey', values: { passkey_response: JSON.stringify(assertion) } } });
    expect(done.status).toBe(200);
    const session = (await other.request('GET', '/auth/session')).body as { authenticated: boolean; user?: { email: string } };
    expect(session).toMatchObject({ authenticated: true, user: { email } });

    expect((await browser.request('DELETE', `/auth/passkeys/${id}`)).status).toBe(204);
    expect((await browser.request('DELETE', `/auth/passkeys/${id}`)).status).toBe(404);
  });
});
