import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@latch/core';
import { listOutbox } from '../mail/createOutboxMailer.ts';
import { createSoftAuthenticator, type SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { startTestCore, type TestCore } from '../testing/startTestCore.ts';

interface WebAuthnStep {
  kind: string;
  action: string;
  field: string;
  options: { challenge: string; rpId: string };
}

describe('passkeys: account API and usernameless sign-in', () => {
  let t: TestCore;
  let origin: string;
  let rpId: string;
  let counter = 0;

  beforeAll(async () => {
    t = await startTestCore();
    // The test core's app (first redirect URI) is on 127.0.0.1: the defaults.
    origin = t.url;
    rpId = '127.0.0.1';
  });
  afterAll(async () => {
    await t?.close();
  });

  async function newUser(): Promise<string> {
    const user = await t.core.users.create({ email: `passkey-${++counter}-${Date.now()}@example.com`, passwordHash: 'x' });
    return user!.id;
  }

  async function addPasskey(userId: string, authenticator: SoftAuthenticator) {
    const options = await t.api('POST', `/users/${userId}/passkeys/registration-options`);
    expect(options.status).toBe(200);
    const creation = options.body as { challenge: string; rp: { id: string }; authenticatorSelection: { residentKey: string } };
    expect(creation.rp.id).toBe(rpId);
    expect(creation.authenticatorSelection.residentKey).toBe('required');
    const response = authenticator.register(creation, { origin, rpId });
    return { creation, added: await t.api('POST', `/users/${userId}/passkeys`, { json: { response, name: 'Laptop' } }), response };
  }

  async function signInFlow(): Promise<{ flow: Flow; webauthn: WebAuthnStep; interaction: Awaited<ReturnType<TestCore['startInteraction']>> }> {
    const interaction = await t.startInteraction();
    const flow = (await t.api('POST', '/flows', { json: { type: 'sign-in', interaction: interaction.uid } })).body as Flow;
    const webauthn = (flow.step as unknown as { webauthn: WebAuthnStep }).webauthn;
    return { flow, webauthn, interaction };
  }

  function submitPasskey(flowId: string, response: unknown) {
    return t.api('POST', `/flows/${flowId}/submit`, { json: { step: 'identifier', action: 'passkey', values: { passkey_response: JSON.stringify(response) } } });
  }

  it('adds, lists and removes a passkey, auditing each change; a registration challenge is single use', async () => {
    const userId = await newUser();
    const authenticator = createSoftAuthenticator();
    const { added, response } = await addPasskey(userId, authenticator);
    expect(added.status).toBe(201);
    const passkey = added.body as { id: string; name: string };
    expect(passkey.name).toBe('Laptop');

    // The same answer again: its challenge is gone.
    const replay = await t.api('POST', `/users/${userId}/passkeys`, { json: { response } });
    expect(replay.status).toBe(400);
    expect((replay.body as { error: { code: string } }).error.code).toBe('passkey_challenge_mismatch');

    const listed = await t.api('GET', `/users/${userId}/passkeys`);
    expect((listed.body as { passkeys: { id: string }[] }).passkeys.map((p) => p.id)).toEqual([passkey.id]);

    const otherUser = await newUser();
    expect((await t.api('DELETE', `/users/${otherUser}/passkeys/${passkey.id}`)).status).toBe(404);
    expect((await t.api('DELETE', `/users/${userId}/passkeys/${passkey.id}`)).status).toBe(204);
    expect((await t.api('DELETE', `/users/${userId}/passkeys/${passkey.id}`)).status).toBe(404);

    const events = await t.core.audit.list({ userId });
    expect(events.events.map((event) => event.type)).toEqual(expect.arrayContaining(['mfa.passkey_added', 'mfa.passkey_removed']));
  });

  it('refuses a registration made on another origin with passkey_origin_mismatch', async () => {
    const userId = await newUser();
    const authenticator = createSoftAuthenticator();
    const options = (await t.api('POST', `/users/${userId}/passkeys/registration-options`)).body as { challenge: string };
    const response = authenticator.register(options, { origin: 'https://evil.example', rpId });
    const answered = await t.api('POST', `/users/${userId}/passkeys`, { json: { response } });
    expect(answered.status).toBe(400);
    expect((answered.body as { error: { code: string } }).error.code).toBe('passkey_origin_mismatch');
  });

  it('signs in with a discoverable passkey, with amr hwk+user+mfa when the user was verified', async () => {
    const userId = await newUser();
    const authenticator = createSoftAuthenticator();
    expect((await addPasskey(userId, authenticator)).added.status).toBe(201);
    const { flow, webauthn, interaction } = await signInFlow();
    expect(webauthn).toMatchObject({ kind: 'authenticate', action: 'passkey', field: 'passkey_response', options: { rpId } });
    expect(flow.step?.fields[0]?.autocomplete).toBe('username webauthn');
    const answered = await submitPasskey(flow.id, authenticator.authenticate(webauthn.options, { origin, rpId, userHandle: Buffer.from(userId).toString('base64url') }));
    expect(answered.status).toBe(200);
    const { redirectTo } = answered.body as { redirectTo: string };
    const { idTokenClaims } = await t.finishInteraction(interaction, redirectTo);
    expect(idTokenClaims.sub).toBe(userId);
    expect(idTokenClaims.amr).toEqual(['hwk', 'user', 'mfa']);
    const events = await t.core.audit.list({ userId });
    expect(events.events.map((event) => event.type)).toContain('sign_in.succeeded');
  });

  it('accepts a challenge once: a replayed answer is refused', async () => {
    const userId = await newUser();
    const authenticator = createSoftAuthenticator();
    await addPasskey(userId, authenticator);
    const { flow, webauthn } = await signInFlow();
    const wrongOrigin = authenticator.authenticate(webauthn.options, { origin: 'http://localhost:1', rpId });
    const refused = await submitPasskey(flow.id, wrongOrigin);
    expect(refused.status).toBe(422);
    expect((refused.body as { error: { code: string } }).error.code).toBe('passkey_origin_mismatch');
    // The refusal replaced the challenge: even a good answer to the old one is refused now.
    const stale = await submitPasskey(flow.id, authenticator.authenticate(webauthn.options, { origin, rpId }));
    expect(stale.status).toBe(422);
    expect((stale.body as { error: { code: string } }).error.code).toBe('invalid_passkey');
    const fresh = ((stale.body as { flow: Flow }).flow.step as unknown as { webauthn: WebAuthnStep }).webauthn;
    expect(fresh.options.challenge).not.toBe(webauthn.options.challenge);
    expect((await submitPasskey(flow.id, authenticator.authenticate(fresh.options, { origin, rpId }))).status).toBe(200);
  });

  it('refuses an unknown credential and garbage with invalid_passkey', async () => {
    const { flow, webauthn } = await signInFlow();
    const stranger = createSoftAuthenticator();
    const unknown = await submitPasskey(flow.id, stranger.authenticate(webauthn.options, { origin, rpId }));
    expect(unknown.status).toBe(422);
    expect((unknown.body as { error: { code: string } }).error.code).toBe('invalid_passkey');
    const garbage = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'passkey', values: { passkey_response: '{"id":1' } } });
    expect(garbage.status).toBe(422);
    expect((garbage.body as { error: { code: string } }).error.code).toBe('invalid_passkey');
  });

  it('signs up with a passkey only: verified address first, then the passkey; no password', async () => {
    const email = `passkey-signup-${Date.now()}@example.com`;
    const interaction = await t.startInteraction();
    const flow = (await t.api('POST', '/flows', { json: { type: 'sign-up', interaction: interaction.uid } })).body as Flow;
    const started = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'credentials', action: 'passkey', values: { email, password: '' } } });
    expect((started.body as Flow).step?.name).toBe('verify-email');
    const mail = (await listOutbox(t.core.db)).find((message) => message.to === email);
    const code = /\b(\d{6})\b/u.exec(mail?.text ?? '')?.[1] ?? '';
    const verified = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'verify-email', action: 'submit', values: { code } } });
    const step = (verified.body as Flow).step as unknown as { name: string; webauthn: { kind: string; options: { challenge: string; user: { name: string } } } };
    expect(step.name).toBe('passkey-register');
    expect(step.webauthn.kind).toBe('register');
    expect(step.webauthn.options.user.name).toBe(email);
    // Not yet: the account is created by the passkey, not by the code.
    expect(await t.core.users.findByEmail(email)).toBeUndefined();

    const authenticator = createSoftAuthenticator();
    const foreign = await t.api('POST', `/flows/${flow.id}/submit`, {
      json: { step: 'passkey-register', action: 'passkey', values: { passkey_response: JSON.stringify(authenticator.register(step.webauthn.options, { origin: 'https://evil.example', rpId })) } },
    });
    expect((foreign.body as { error: { code: string } }).error.code).toBe('passkey_origin_mismatch');
    expect(await t.core.users.findByEmail(email)).toBeUndefined();
    const next = ((foreign.body as { flow: Flow }).flow.step as unknown as { webauthn: { options: { challenge: string } } }).webauthn.options;

    const done = await t.api('POST', `/flows/${flow.id}/submit`, {
      json: { step: 'passkey-register', action: 'passkey', values: { passkey_response: JSON.stringify(authenticator.register(next, { origin, rpId })) } },
    });
    expect(done.status).toBe(200);
    const user = await t.core.users.findByEmail(email);
    expect(user).toMatchObject({ passwordHash: null, emailVerified: true });
    expect(await t.core.passkeys.list(user!.id)).toHaveLength(1);
    const { idTokenClaims } = await t.finishInteraction(interaction, (done.body as { redirectTo: string }).redirectTo);
    expect(idTokenClaims.amr).toEqual(['hwk', 'user', 'mfa']);

    // And it signs in.
    const signIn = await signInFlow();
    expect((await submitPasskey(signIn.flow.id, authenticator.authenticate(signIn.webauthn.options, { origin, rpId }))).status).toBe(200);
  });

  it('verifies through the service: unknown credential, wrong rpId, counter update', async () => {
    const userId = await newUser();
    const authenticator = createSoftAuthenticator();
    await addPasskey(userId, authenticator);
    const challenge = t.core.passkeys.newChallenge();
    const options = t.core.passkeys.authenticationOptions(challenge);
    expect(await t.core.passkeys.verifyAuthentication({ response: createSoftAuthenticator().authenticate(options, { origin, rpId }), expectedChallenge: challenge })).toEqual({
      ok: false,
      reason: 'unknown_passkey',
    });
    expect(await t.core.passkeys.verifyAuthentication({ response: authenticator.authenticate(options, { origin, rpId: 'evil.example' }), expectedChallenge: challenge })).toEqual({
      ok: false,
      reason: 'invalid_passkey',
    });
    const ok = await t.core.passkeys.verifyAuthentication({ response: authenticator.authenticate(options, { origin, rpId, userVerified: false }), expectedChallenge: challenge });
    expect(ok).toMatchObject({ ok: true, userId, userVerified: false });
    const [stored] = await t.core.passkeys.list(userId);
    expect(stored?.lastUsedAt).not.toBeNull();
  });
});
