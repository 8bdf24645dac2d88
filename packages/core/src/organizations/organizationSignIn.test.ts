import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@latch/core';
import { listOutbox } from '../mail/createOutboxMailer.ts';
import { createSoftAuthenticator, type SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { testCores, TEST_ARGON2, type TestCore, type TestInteraction } from '../testing/startTestCore.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';

const PASSWORD = 'correct horse battery staple';

type Answer = { status: number; body: Flow & { redirectTo?: string; error?: { code: string }; flow?: Flow } };

describe.each(testCores)('choosing an organization while signing in, on %s', (_name, start) => {
  let t: TestCore;
  let close: (() => Promise<void>) | undefined;
  let counter = 0;
  let hash: string;

  beforeAll(async () => {
    ({ t, close } = await start());
    hash = await createPasswordHasher(TEST_ARGON2).hash(PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await close?.();
  });

  async function newUser(): Promise<{ id: string; email: string }> {
    const email = `org-sign-in-${++counter}-${Date.now()}@example.com`;
    const user = await t.core.users.create({ email, passwordHash: hash, emailVerified: true });
    return { id: user!.id, email };
  }

  async function newOrg(ownerId: string, name: string): Promise<{ id: string; slug: string }> {
    const slug = `${name.toLowerCase()}-${++counter}-${Date.now().toString(36)}`;
    const created = await t.api('POST', `/users/${ownerId}/organizations`, { json: { name, slug } });
    expect(created.status).toBe(201);
    return { id: (created.body as { id: string }).id, slug };
  }

  async function addMember(orgId: string, ownerId: string, member: { id: string; email: string }) {
    expect((await t.api('POST', `/users/${ownerId}/organizations/${orgId}/invitations`, { json: { email: member.email, role: 'member' } })).status).toBe(201);
    const mail = (await listOutbox(t.core.db, { limit: 200 })).find((message) => message.to === member.email);
    const token = /accept\?token=([A-Za-z0-9_-]+)/u.exec(mail?.text ?? '')?.[1];
    expect((await t.api('POST', `/users/${member.id}/invitations/accept`, { json: { token } })).status).toBe(200);
  }

  const submit = async (flowId: string, step: string, action: string, values: Record<string, string> = {}) =>
    (await t.api('POST', `/flows/${flowId}/submit`, { json: { step, action, values } })) as Answer;

  /** A password sign-in up to the step after the password (or the completion). */
  async function signIn(email: string, organization?: string): Promise<{ interaction: TestInteraction; flowId: string; answer: Answer }> {
    const interaction = await t.startInteraction();
    const created = await t.api('POST', '/flows', { json: { type: 'sign-in', interaction: interaction.uid, ...(organization ? { organization } : {}) } });
    expect(created.status).toBe(201);
    const flowId = (created.body as Flow).id;
    await submit(flowId, 'identifier', 'submit', { email });
    return { interaction, flowId, answer: await submit(flowId, 'password', 'submit', { password: PASSWORD }) };
  }

  const claimsOf = async (accessToken: string) => (await t.core.provider.AccessToken.find(accessToken))?.extra ?? {};

  it('completes at once for a user without organizations, as before', async () => {
    const user = await newUser();
    const { answer } = await signIn(user.email);
    expect(answer.body.state).toBe('complete');
  });

  it('offers the user’s organizations, and the session starts in the chosen one without a switch', async () => {
    const owner = await newUser();
    const acme = await newOrg(owner.id, 'Acme');
    const globex = await newOrg(owner.id, 'Globex');
    const { interaction, flowId, answer } = await signIn(owner.email);
    expect(answer.status).toBe(200);
    expect(answer.body.step).toMatchObject({
      name: 'organization',
      fields: [{ name: 'organization', type: 'select', options: [{ value: acme.id, label: 'Acme' }, { value: globex.id, label: 'Globex' }] }],
      actions: [{ name: 'submit' }, { name: 'personal' }],
    });
    expect(answer.body.step?.fields[0]).not.toHaveProperty('value');

    const stranger = await submit(flowId, 'organization', 'submit', { organization: 'org_someone_elses' });
    expect(stranger.status).toBe(422);
    expect(stranger.body.error).toMatchObject({ code: 'org_not_available' });

    const done = await submit(flowId, 'organization', 'submit', { organization: globex.id });
    expect(done.body.state).toBe('complete');
    const tokens = await t.finishInteraction(interaction, done.body.redirectTo ?? '');
    expect(await claimsOf(tokens.accessToken)).toMatchObject({ org_id: globex.id, org_slug: globex.slug, org_role: 'owner' });
    const active = await t.api('GET', `/users/${owner.id}/active-organization`, { authorization: `Bearer ${tokens.accessToken}` });
    expect(active.body).toMatchObject({ organization: { id: globex.id, name: 'Globex', role: 'owner' } });
  });

  it('starts as the personal account when asked to', async () => {
    const owner = await newUser();
    await newOrg(owner.id, 'Acme');
    const { interaction, flowId } = await signIn(owner.email);
    const done = await submit(flowId, 'organization', 'personal');
    expect(done.body.state).toBe('complete');
    const tokens = await t.finishInteraction(interaction, done.body.redirectTo ?? '');
    expect(await claimsOf(tokens.accessToken)).not.toHaveProperty('org_id');
  });

  it('preselects the organization the sign-in was started for, by slug or id, only when the user is a member', async () => {
    const owner = await newUser();
    const other = await newUser();
    await newOrg(owner.id, 'Acme');
    const globex = await newOrg(owner.id, 'Globex');
    const foreign = await newOrg(other.id, 'Initech');
    expect((await signIn(owner.email, globex.slug)).answer.body.step?.fields[0]).toMatchObject({ value: globex.id });
    expect((await signIn(owner.email, globex.id)).answer.body.step?.fields[0]).toMatchObject({ value: globex.id });
    // Another organization's name reveals nothing and selects nothing.
    expect((await signIn(owner.email, foreign.slug)).answer.body.step?.fields[0]).not.toHaveProperty('value');
    const malformed = await t.api('POST', '/flows', { json: { type: 'sign-in', interaction: (await t.startInteraction()).uid, organization: '../x' } });
    expect(malformed.status).toBe(400);
  });

  it('takes a member of an organization that requires MFA through authenticator-app enrollment before the session carries it', async () => {
    const owner = await newUser();
    const member = await newUser();
    const org = await newOrg(owner.id, 'Vault');
    await addMember(org.id, owner.id, member);
    expect((await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}`, { json: { policy: { requireMfa: true } } })).status).toBe(200);

    const { interaction, flowId } = await signIn(member.email);
    const enroll = await submit(flowId, 'organization', 'submit', { organization: org.id });
    expect(enroll.body.step?.name).toBe('organization-totp-enroll');
    expect(enroll.body.messages).toMatchObject([{ code: 'org_mfa_required' }]);
    const secret = enroll.body.step?.fields.find((field) => field.name === 'totp_secret')?.value ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/u);

    // Declining goes back to the choice; nothing is carried.
    const back = await submit(flowId, 'organization-totp-enroll', 'back');
    expect(back.body.step?.name).toBe('organization');
    const again = await submit(flowId, 'organization', 'submit', { organization: org.id });
    const newSecret = again.body.step?.fields.find((field) => field.name === 'totp_secret')?.value ?? '';

    const wrong = await submit(flowId, 'organization-totp-enroll', 'submit', { code: '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_totp_code' });
    expect(await t.core.mfa.isEnrolled(member.id)).toBe(false);

    const code = TOTP.generate({ secret: Secret.fromBase32(newSecret) });
    const codes = await submit(flowId, 'organization-totp-enroll', 'submit', { code });
    expect(codes.body.step?.name).toBe('organization-recovery-codes');
    expect(codes.body.step?.fields[0]?.value?.split(' ').length).toBeGreaterThanOrEqual(8);
    expect(await t.core.mfa.isEnrolled(member.id)).toBe(true);

    const done = await submit(flowId, 'organization-recovery-codes', 'submit');
    expect(done.body.state).toBe('complete');
    const tokens = await t.finishInteraction(interaction, done.body.redirectTo ?? '');
    expect(tokens.idTokenClaims.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    expect(await claimsOf(tokens.accessToken)).toMatchObject({ org_id: org.id, org_role: 'member' });
    // The shown key and codes are not kept once the flow is over.
    const stored = await t.core.db.selectFrom('latch_flows').select('state').where('id', '=', flowId).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.state)).not.toContain(newSecret);
  });

  it('accepts one of the member’s own passkeys as the second factor of an MFA organization, instead of setting up an app', async () => {
    const owner = await newUser();
    const member = await newUser();
    const stranger = await newUser();
    const org = await newOrg(owner.id, 'Keys');
    await addMember(org.id, owner.id, member);
    expect((await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}`, { json: { policy: { requireMfa: true } } })).status).toBe(200);
    // The test core's app is on 127.0.0.1: its WebAuthn origin and RP ID.
    const rpId = '127.0.0.1';
    const addPasskey = async (userId: string, authenticator: SoftAuthenticator) => {
      const creation = (await t.api('POST', `/users/${userId}/passkeys/registration-options`)).body as { challenge: string };
      expect((await t.api('POST', `/users/${userId}/passkeys`, { json: { response: authenticator.register(creation, { origin: t.url, rpId }) } })).status).toBe(201);
    };
    const mine = createSoftAuthenticator();
    const theirs = createSoftAuthenticator();
    await addPasskey(member.id, mine);
    await addPasskey(stranger.id, theirs);

    const { interaction, flowId } = await signIn(member.email);
    const asked = await submit(flowId, 'organization', 'submit', { organization: org.id });
    expect(asked.body.step).toMatchObject({ name: 'organization-passkey', fields: [], actions: [{ name: 'passkey', kind: 'primary' }, { name: 'set-up-app' }, { name: 'back' }] });
    expect(asked.body.messages).toMatchObject([{ code: 'org_mfa_required' }]);
    type Ceremony = { kind: string; action: string; field: string; options: { challenge: string } };
    const ceremony = (flow: Flow) => (flow.step as unknown as { webauthn: Ceremony }).webauthn;
    expect(ceremony(asked.body)).toMatchObject({ kind: 'authenticate', action: 'passkey', field: 'passkey_response' });
    const answer = (authenticator: SoftAuthenticator, userId: string, flow: Flow) =>
      submit(flowId, 'organization-passkey', 'passkey', {
        passkey_response: JSON.stringify(authenticator.authenticate(ceremony(flow).options, { origin: t.url, rpId, userHandle: Buffer.from(userId).toString('base64url') })),
      });

    // Another user's passkey is a valid assertion, but not this user's second factor.
    const foreign = await answer(theirs, stranger.id, asked.body);
    expect(foreign.status).toBe(422);
    expect(foreign.body.error).toMatchObject({ code: 'invalid_passkey' });
    const garbage = await submit(flowId, 'organization-passkey', 'passkey', { passkey_response: '{not json' });
    expect(garbage.status).toBe(422);
    expect(garbage.body.error).toMatchObject({ code: 'invalid_passkey' });
    // An answer to a challenge already spent is refused too.
    const stale = await answer(mine, member.id, asked.body);
    expect(stale.status).toBe(422);

    // "Set up an authenticator app instead" goes to the app's setup; back returns to the choice.
    const app = await submit(flowId, 'organization-passkey', 'set-up-app');
    expect(app.body.step?.name).toBe('organization-totp-enroll');
    expect((await submit(flowId, 'organization-totp-enroll', 'back')).body.step?.name).toBe('organization');
    const again = await submit(flowId, 'organization', 'submit', { organization: org.id });
    expect(again.body.step?.name).toBe('organization-passkey');

    const done = await answer(mine, member.id, again.body);
    expect(done.body.state).toBe('complete');
    const tokens = await t.finishInteraction(interaction, done.body.redirectTo ?? '');
    expect(tokens.idTokenClaims.amr).toEqual(expect.arrayContaining(['pwd', 'hwk', 'mfa']));
    expect(await claimsOf(tokens.accessToken)).toMatchObject({ org_id: org.id, org_role: 'member' });
    // Nothing was set up on the way.
    expect(await t.core.mfa.isEnrolled(member.id)).toBe(false);
  });

  it('asks an enrolled member for the second factor before completing in an MFA organization', async () => {
    const owner = await newUser();
    const org = await newOrg(owner.id, 'Vault');
    expect((await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}`, { json: { policy: { requireMfa: true } } })).status).toBe(200);
    const started = await t.core.mfa.startTotpEnrollment({ userId: owner.id, context: { ip: '127.0.0.1', userAgent: 'test' } });
    const first = TOTP.generate({ secret: Secret.fromBase32(started.secret), timestamp: Date.now() - 30_000 });
    await t.core.mfa.confirmTotpEnrollment({ userId: owner.id, enrollmentId: started.enrollmentId, code: first, context: { ip: '127.0.0.1', userAgent: 'test' } });

    const { interaction, flowId, answer } = await signIn(owner.email);
    expect(answer.body.step?.name).toBe('totp');
    const chosen = await submit(flowId, 'totp', 'submit', { code: TOTP.generate({ secret: Secret.fromBase32(started.secret) }) });
    expect(chosen.body.step?.name).toBe('organization');
    const done = await submit(flowId, 'organization', 'submit', { organization: org.id });
    expect(done.body.state).toBe('complete');
    const tokens = await t.finishInteraction(interaction, done.body.redirectTo ?? '');
    expect(await claimsOf(tokens.accessToken)).toMatchObject({ org_id: org.id });
  });

  it('enforces the organization’s allowed sign-in methods at sign-in and at a later switch', async () => {
    const owner = await newUser();
    const org = await newOrg(owner.id, 'Strict');
    for (const [allowedMethods, code] of [
      [['password', 'fax'], 'unknown_sign_in_method'],
      [[], 'no_sign_in_method'],
    ] as const) {
      const refused = await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}`, { json: { policy: { allowedMethods } } });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ error: { code } });
    }
    const malformed = await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}`, { json: { policy: { allowedMethods: 'passkey' } } });
    expect(malformed.status).toBe(400);
    const set = await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}`, { json: { policy: { allowedMethods: ['passkey', 'email_code'] } } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ policy: { requireMfa: false, allowedMethods: ['passkey', 'email_code'] } });

    // Signed in with a password: the organization refuses, the personal account is still offered.
    const { interaction, flowId } = await signIn(owner.email);
    const refused = await submit(flowId, 'organization', 'submit', { organization: org.id });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'sign_in_method_not_allowed' });
    const personal = await submit(flowId, 'organization', 'personal');
    const tokens = await t.finishInteraction(interaction, personal.body.redirectTo ?? '');

    // A switch from that password session is refused with the same code.
    const switched = await t.api('PUT', `/users/${owner.id}/active-organization`, { json: { organizationId: org.id }, authorization: `Bearer ${tokens.accessToken}` });
    expect(switched.status).toBe(403);
    expect(switched.body).toMatchObject({ error: { code: 'sign_in_method_not_allowed' } });

    // Allowing passwords again lets the same session in.
    expect((await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}`, { json: { policy: { allowedMethods: null } } })).status).toBe(200);
    const allowed = await t.api('PUT', `/users/${owner.id}/active-organization`, { json: { organizationId: org.id }, authorization: `Bearer ${tokens.accessToken}` });
    expect(allowed.status).toBe(200);
  });

  it('refuses to delete the account of an organization’s last owner while others are members, and deletes an organization the user is alone in', async () => {
    const owner = await newUser();
    const member = await newUser();
    const shared = await newOrg(owner.id, 'Shared');
    const solo = await newOrg(owner.id, 'Solo');
    await addMember(shared.id, owner.id, member);

    const refused = await t.api('DELETE', `/users/${owner.id}`, { authorization: await t.accessTokenFor(owner.id) });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'last_owner', message: expect.stringContaining('Shared') } });
    expect(await t.core.users.findById(owner.id)).toBeDefined();
    expect(await t.core.db.selectFrom('latch_organizations').select('id').where('id', '=', solo.id).executeTakeFirst()).toBeDefined();

    // With a second owner the account goes, its lone organization with it, the shared one stays with its new owner.
    expect((await t.api('PATCH', `/users/${owner.id}/organizations/${shared.id}/members/${member.id}`, { json: { role: 'owner' } })).status).toBe(200);
    expect((await t.api('DELETE', `/users/${owner.id}`, { authorization: await t.accessTokenFor(owner.id) })).status).toBe(204);
    expect(await t.core.users.findById(owner.id)).toBeUndefined();
    expect(await t.core.db.selectFrom('latch_organizations').select('id').where('id', '=', solo.id).executeTakeFirst()).toBeUndefined();
    expect((await t.api('GET', `/users/${member.id}/organizations`)).body).toMatchObject({ organizations: [{ id: shared.id, role: 'owner' }] });
  });

  it('lets an emailed-code sign-in into an organization that allows only emailed codes', async () => {
    const owner = await newUser();
    const org = await newOrg(owner.id, 'Codes');
    expect((await t.api('PATCH', `/users/${owner.id}/organizations/${org.id}`, { json: { policy: { allowedMethods: ['email_code'] } } })).status).toBe(200);
    const interaction = await t.startInteraction();
    const flowId = ((await t.api('POST', '/flows', { json: { type: 'sign-in', interaction: interaction.uid } })).body as Flow).id;
    await submit(flowId, 'identifier', 'email-code', { email: owner.email });
    const mail = (await listOutbox(t.core.db, { limit: 200 })).find((message) => message.to === owner.email && /\b\d{6}\b/u.test(message.text));
    const code = /\b(\d{6})\b/u.exec(mail?.text ?? '')?.[1] ?? '';
    const chosen = await submit(flowId, 'sign-in-code', 'submit', { code });
    expect(chosen.body.step?.name).toBe('organization');
    const done = await submit(flowId, 'organization', 'submit', { organization: org.id });
    expect(done.body.state).toBe('complete');
    const tokens = await t.finishInteraction(interaction, done.body.redirectTo ?? '');
    expect(await claimsOf(tokens.accessToken)).toMatchObject({ org_id: org.id });
  });
});
