import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@latch/core';
import { listOutbox } from '../mail/createOutboxMailer.ts';
import { testCores, TEST_ARGON2, type TestCore } from '../testing/startTestCore.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';

const PASSWORD = 'correct horse battery staple';

/** What an authenticator app shows `steps` periods from now. */
const totpCode = (secret: string, steps = 0) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });

describe.each(testCores)('MFA account API and sign-in challenge on %s', (_name, start) => {
  let t: TestCore;
  let close: (() => Promise<void>) | undefined;
  let counter = 0;

  beforeAll(async () => {
    ({ t, close } = await start());
  });
  afterAll(async () => {
    await close?.();
  });

  async function newUser(): Promise<{ id: string; email: string }> {
    const email = `mfa-api-${++counter}-${Date.now()}@example.com`;
    const user = await t.core.users.create({ email, passwordHash: await createPasswordHasher(TEST_ARGON2).hash(PASSWORD) });
    return { id: user!.id, email };
  }

  async function enroll(userId: string): Promise<{ secret: string; recoveryCodes: string[] }> {
    const started = await t.api('POST', `/users/${userId}/mfa/totp`);
    expect(started.status).toBe(201);
    const { enrollmentId, secret } = started.body as { enrollmentId: string; secret: string };
    const confirmed = await t.api('POST', `/users/${userId}/mfa/totp/confirm`, { json: { enrollmentId, code: totpCode(secret) } });
    expect(confirmed.status).toBe(200);
    return { secret, recoveryCodes: (confirmed.body as { recoveryCodes: string[] }).recoveryCodes };
  }

  async function signInToSecondFactor(email: string) {
    const interaction = await t.startInteraction();
    const flow = (await t.api('POST', '/flows', { json: { type: 'sign-in', interaction: interaction.uid } })).body as Flow;
    await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'identifier', action: 'submit', values: { email } } });
    const answered = await t.api('POST', `/flows/${flow.id}/submit`, { json: { step: 'password', action: 'submit', values: { password: PASSWORD } } });
    return { interaction, flowId: flow.id, answered };
  }

  const submit = (flowId: string, step: string, action: string, values: Record<string, string> = {}) =>
    t.api('POST', `/flows/${flowId}/submit`, { json: { step, action, values } });

  describe('account API', () => {
    it("requires the user's access token (client credentials are not enough)", async () => {
      const { id } = await newUser();
      for (const authorization of [null, t.authorization, 'Bearer wrong']) {
        const response = await t.api('GET', `/users/${id}/mfa`, { authorization });
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ error: { code: 'invalid_token' } });
        expect((await t.api('POST', `/users/${id}/mfa/totp`, { authorization })).status).toBe(401);
      }
    });

    it('answers 404 user_not_found for an unknown user', async () => {
      for (const [method, path] of [
        ['GET', '/users/nobody/mfa'],
        ['POST', '/users/nobody/mfa/totp'],
        ['DELETE', '/users/nobody/mfa/totp'],
        ['POST', '/users/nobody/mfa/recovery-codes'],
      ] as const) {
        const response = await t.api(method, path);
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.body).toMatchObject({ error: { code: 'user_not_found' } });
      }
    });

    it('enrolls, shows recovery codes once, regenerates them and removes the factor', async () => {
      const { id, email } = await newUser();
      expect((await t.api('GET', `/users/${id}/mfa`)).body).toEqual({ factors: [], recoveryCodes: { remaining: 0 } });

      const started = await t.api('POST', `/users/${id}/mfa/totp`);
      expect(started.status).toBe(201);
      const enrollment = started.body as { enrollmentId: string; secret: string; uri: string; qrSvg: string };
      expect(enrollment.enrollmentId).toMatch(/^mfa_/u);
      expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/u);
      expect(enrollment.uri).toContain(encodeURIComponent(email));
      expect(enrollment.qrSvg).toMatch(/^<svg/u);
      // Not enrolled until confirmed.
      expect((await t.api('GET', `/users/${id}/mfa`)).body).toEqual({ factors: [], recoveryCodes: { remaining: 0 } });

      const wrong = String((Number(totpCode(enrollment.secret)) + 1) % 1_000_000).padStart(6, '0');
      const refused = await t.api('POST', `/users/${id}/mfa/totp/confirm`, { json: { enrollmentId: enrollment.enrollmentId, code: wrong } });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ error: { code: 'invalid_code' } });
      const unknown = await t.api('POST', `/users/${id}/mfa/totp/confirm`, { json: { enrollmentId: 'mfa_doesnotexist00', code: '123456' } });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: { code: 'enrollment_not_found' } });

      const confirmed = await t.api('POST', `/users/${id}/mfa/totp/confirm`, { json: { enrollmentId: enrollment.enrollmentId, code: totpCode(enrollment.secret) } });
      expect(confirmed.status).toBe(200);
      const { recoveryCodes } = confirmed.body as { recoveryCodes: string[] };
      expect(recoveryCodes).toHaveLength(10);

      const again = await t.api('POST', `/users/${id}/mfa/totp`);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: { code: 'totp_already_enrolled' } });
      const status = (await t.api('GET', `/users/${id}/mfa`)).body as { factors: { type: string }[]; recoveryCodes: { remaining: number } };
      expect(status.factors).toEqual([expect.objectContaining({ type: 'totp', confirmedAt: expect.any(String) })]);
      expect(status.recoveryCodes).toEqual({ remaining: 10 });
      expect(JSON.stringify(status)).not.toContain(enrollment.secret);

      const regenerated = await t.api('POST', `/users/${id}/mfa/recovery-codes`);
      expect(regenerated.status).toBe(200);
      const fresh = (regenerated.body as { recoveryCodes: string[] }).recoveryCodes;
      expect(fresh).toHaveLength(10);
      expect(fresh.some((code) => recoveryCodes.includes(code))).toBe(false);
      const context = { ip: '203.0.113.1', userAgent: 'test' };
      await expect(t.core.mfa.useRecoveryCode({ userId: id, code: recoveryCodes[0]!, context })).resolves.toEqual({ ok: false, reason: 'invalid' });
      await expect(t.core.mfa.useRecoveryCode({ userId: id, code: fresh[0]!, context })).resolves.toEqual({ ok: true });

      const removed = await t.api('DELETE', `/users/${id}/mfa/totp`);
      expect(removed.status).toBe(204);
      expect((await t.api('GET', `/users/${id}/mfa`)).body).toEqual({ factors: [], recoveryCodes: { remaining: 0 } });
      expect((await t.api('DELETE', `/users/${id}/mfa/totp`)).body).toMatchObject({ error: { code: 'totp_not_enrolled' } });
      const noFactor = await t.api('POST', `/users/${id}/mfa/recovery-codes`);
      expect(noFactor.status).toBe(409);
      expect(noFactor.body).toMatchObject({ error: { code: 'mfa_not_enrolled' } });

      const events = await t.core.audit.list({ userId: id, types: ['mfa.totp_enrolled', 'mfa.recovery_codes_regenerated', 'mfa.totp_removed', 'mfa.recovery_code_used'] });
      expect(events.events.map((event) => event.type).sort()).toEqual(['mfa.recovery_code_used', 'mfa.recovery_codes_regenerated', 'mfa.totp_enrolled', 'mfa.totp_removed']);
    });

    it('refuses malformed bodies with 400 invalid_request or 415', async () => {
      const { id } = await newUser();
      const { enrollmentId } = (await t.api('POST', `/users/${id}/mfa/totp`)).body as { enrollmentId: string };
      for (const json of [{}, { enrollmentId }, { enrollmentId, code: '' }, { enrollmentId, code: '1'.repeat(17) }, { enrollmentId, code: '123456', extra: 1 }, { enrollmentId: 'x', code: '123456' }]) {
        const response = await t.api('POST', `/users/${id}/mfa/totp/confirm`, { json });
        expect(response.status, JSON.stringify(json)).toBe(400);
        expect(response.body).toMatchObject({ error: { code: 'invalid_request' } });
      }
      expect((await t.api('POST', `/users/${id}/mfa/totp/confirm`, { body: 'code=1', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
      expect((await t.api('POST', `/users/${id}/mfa/totp`, { json: { surprise: true } })).status).toBe(400);
      expect((await t.api('GET', `/users/${'x'.repeat(200)}/mfa`)).status).toBe(404);
    });

    it('rate-limits code checks per account', async () => {
      const { id } = await newUser();
      const { enrollmentId } = (await t.api('POST', `/users/${id}/mfa/totp`)).body as { enrollmentId: string };
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await t.api('POST', `/users/${id}/mfa/totp/confirm`, { json: { enrollmentId, code: '000000' } })).status);
      // 000000 could be right by chance once in a million; the last answer is what matters.
      expect(statuses.at(-1)).toBe(429);
    });
  });

  describe('sign-in challenge', () => {
    it('asks for the TOTP code after the password, refuses wrong and replayed codes, and completes with amr pwd+otp+mfa', async () => {
      const { id, email } = await newUser();
      const { secret } = await enroll(id);
      const { interaction, flowId, answered } = await signInToSecondFactor(email);
      expect(answered.status).toBe(200);
      expect((answered.body as Flow).step).toEqual({
        name: 'totp',
        fields: [{ name: 'code', type: 'text', autocomplete: 'one-time-code', inputMode: 'numeric', constraints: { required: true, maxLength: 16 }, messages: [] }],
        actions: [
          { name: 'submit', kind: 'primary' },
          { name: 'use-recovery-code', kind: 'secondary' },
        ],
      });

      const wrong = await submit(flowId, 'totp', 'submit', { code: '12345' });
      expect(wrong.status).toBe(422);
      expect(wrong.body).toMatchObject({ error: { code: 'invalid_totp_code' } });
      // The enrollment used the current code: it is a replay now.
      const replayed = await submit(flowId, 'totp', 'submit', { code: totpCode(secret) });
      expect(replayed.status).toBe(422);
      expect(replayed.body).toMatchObject({ error: { code: 'totp_code_used' } });

      const done = await submit(flowId, 'totp', 'submit', { code: totpCode(secret, 1) });
      expect(done.status).toBe(200);
      const { redirectTo } = done.body as { redirectTo: string };
      const { idTokenClaims } = await t.finishInteraction(interaction, redirectTo);
      expect(idTokenClaims).toMatchObject({ sub: id, amr: ['pwd', 'otp', 'mfa'] });

      const failures = await t.core.audit.list({ userId: id, types: ['mfa.challenge_failed'] });
      expect(failures.events.map((event) => event.details.reason).sort()).toEqual(['malformed', 'replayed']);
      const success = await t.core.audit.list({ userId: id, types: ['sign_in.succeeded'] });
      expect(success.events[0]?.details).toMatchObject({ step: 'totp', amr: ['pwd', 'otp', 'mfa'] });
    });

    it('signs in with a recovery code once; the same code is refused the next time', async () => {
      const { id, email } = await newUser();
      const { recoveryCodes } = await enroll(id);
      const first = await signInToSecondFactor(email);
      const switched = await submit(first.flowId, 'totp', 'use-recovery-code');
      expect((switched.body as Flow).step).toMatchObject({
        name: 'recovery-code',
        fields: [{ name: 'recovery_code', type: 'text', autocomplete: 'off' }],
        actions: [
          { name: 'submit', kind: 'primary' },
          { name: 'back-to-totp', kind: 'secondary' },
        ],
      });
      const back = await submit(first.flowId, 'recovery-code', 'back-to-totp');
      expect((back.body as Flow).step?.name).toBe('totp');
      await submit(first.flowId, 'totp', 'use-recovery-code');
      const done = await submit(first.flowId, 'recovery-code', 'submit', { recovery_code: recoveryCodes[2]!.toUpperCase() });
      expect(done.status).toBe(200);
      const { idTokenClaims } = await t.finishInteraction(first.interaction, (done.body as { redirectTo: string }).redirectTo);
      expect(idTokenClaims.amr).toEqual(['pwd', 'mfa']);

      const second = await signInToSecondFactor(email);
      await submit(second.flowId, 'totp', 'use-recovery-code');
      const reused = await submit(second.flowId, 'recovery-code', 'submit', { recovery_code: recoveryCodes[2]! });
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ error: { code: 'invalid_recovery_code' } });
      const status = (await t.api('GET', `/users/${id}/mfa`)).body as { recoveryCodes: { remaining: number } };
      expect(status.recoveryCodes.remaining).toBe(9);
      const used = await t.core.audit.list({ userId: id, types: ['mfa.recovery_code_used'] });
      expect(used.events).toHaveLength(1);
    });

    it('asks for the TOTP code after an emailed sign-in code too', async () => {
      const { id, email } = await newUser();
      const { secret } = await enroll(id);
      const interaction = await t.startInteraction();
      const flow = (await t.api('POST', '/flows', { json: { type: 'sign-in', interaction: interaction.uid } })).body as Flow;
      await submit(flow.id, 'identifier', 'email-code', { email });
      const mail = (await listOutbox(t.core.db, { limit: 20 })).find((message) => message.to === email);
      const code = /\b(\d{6})\b/u.exec(mail?.text ?? '')?.[1] ?? '';
      const answered = await submit(flow.id, 'sign-in-code', 'submit', { code });
      expect((answered.body as Flow).step?.name).toBe('totp');
      const done = await submit(flow.id, 'totp', 'submit', { code: totpCode(secret, 1) });
      const { idTokenClaims } = await t.finishInteraction(interaction, (done.body as { redirectTo: string }).redirectTo);
      expect(idTokenClaims.amr).toEqual(['otp', 'mfa']);
    });

    it('completes after the password alone for an account without MFA', async () => {
      const { email } = await newUser();
      const { answered } = await signInToSecondFactor(email);
      expect(answered.body).toMatchObject({ state: 'complete', redirectTo: expect.any(String) });
    });
  });
});
