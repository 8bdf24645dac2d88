import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LatchError } from '../errors.ts';
import { createRateLimiter } from '../rateLimit/createRateLimiter.ts';
import { createDatabase, type CoreDatabase } from '../storage/createDatabase.ts';
import { TEST_ARGON2 } from '../testing/startTestCore.ts';
import { passwordPolicyDefaults } from '../passwords/passwordPolicyDefaults.ts';
import { createPasswordHasher, parseArgon2Hash } from '../users/passwordHasher.ts';
import { createUserRepository } from '../users/userRepository.ts';
import { createFlowEngine, FlowValidationError, type FlowCompletion, type FlowEngine } from './createFlowEngine.ts';
import type { Flow, FlowSubmission } from './flowTypes.ts';
import { signInLimits } from './signInSteps.ts';
import { signUpLimits } from './signUpSteps.ts';

const PASSWORD = 'correct horse battery staple';
const TTL_SECONDS = 600;

let db: CoreDatabase;
let engine: FlowEngine;
let completions: FlowCompletion[];
let clock: number;
let completeInteraction: (completion: FlowCompletion) => Promise<string>;
let ipCounter = 0;
/** A fresh end user per test, so per-IP limits never leak between tests. */
let context: { ip: string; userAgent: string };
const users = () => createUserRepository(db);
const hasher = createPasswordHasher(TEST_ARGON2);

beforeAll(async () => {
  db = await createDatabase({ dataDir: 'memory://' });
  engine = createFlowEngine({
    db,
    ttlSeconds: TTL_SECONDS,
    now: () => new Date(clock),
    deps: { users: users(), hasher, rateLimiter: createRateLimiter(db, () => new Date(clock)), passwordPolicy: passwordPolicyDefaults },
    completeInteraction: (completion) => completeInteraction(completion),
  });
});
afterAll(async () => {
  await db?.destroy();
});
beforeEach(() => {
  clock = Date.parse('2030-01-01T00:00:00Z');
  completions = [];
  completeInteraction = async (completion) => {
    completions.push(completion);
    return `https://op.example/oidc/auth/${completion.interactionUid}`;
  };
  ipCounter += 1;
  context = { ip: `192.0.2.${ipCounter}`, userAgent: 'vitest' };
});

let emailCounter = 0;
function uniqueEmail(): string {
  emailCounter += 1;
  return `user${emailCounter}.${Date.now()}@example.com`;
}

function submit(flow: Flow | string, submission: FlowSubmission) {
  return engine.submit({ id: typeof flow === 'string' ? flow : flow.id, submission, context });
}

/** The rejection of `promise`, which must be a LatchError. */
async function refusal(promise: Promise<unknown>): Promise<LatchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LatchError);
  return error as LatchError;
}

async function validationRefusal(promise: Promise<unknown>): Promise<FlowValidationError> {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(FlowValidationError);
  expect(error.status).toBe(422);
  return error as FlowValidationError;
}

function fieldMessages(flow: Flow, name: string): string[] {
  return flow.step?.fields.find((field) => field.name === name)?.messages.map((message) => message.code) ?? [];
}

async function signUp(email: string, password = PASSWORD) {
  const flow = await engine.create({ type: 'sign-up', interactionUid: 'interaction-sign-up' });
  return submit(flow, { step: 'credentials', action: 'submit', values: { email, password } });
}

describe('sign-up', () => {
  it('starts at the credentials step with the fields and constraints a form needs', async () => {
    const flow = await engine.create({ type: 'sign-up', interactionUid: 'i1' });
    expect(flow).toMatchObject({ id: expect.stringMatching(/^flow_[A-Za-z0-9_-]{24}$/u), type: 'sign-up', state: 'active', messages: [] });
    expect(Date.parse(flow.expiresAt)).toBe(clock + TTL_SECONDS * 1000);
    expect(flow.step).toEqual({
      name: 'credentials',
      fields: [
        { name: 'email', type: 'email', autocomplete: 'email', constraints: { required: true, maxLength: 254 }, messages: [] },
        { name: 'password', type: 'new-password', autocomplete: 'new-password', constraints: { required: true, minLength: 15, maxLength: 256 }, messages: [] },
      ],
      actions: [{ name: 'submit', kind: 'primary' }],
    });
    await expect(engine.get({ id: flow.id })).resolves.toEqual(flow);
  });

  it('creates the user with an argon2id hash and completes the interaction', async () => {
    const email = uniqueEmail();
    const flow = await engine.create({ type: 'sign-up', interactionUid: 'interaction-42' });
    const result = await submit(flow, { step: 'credentials', action: 'submit', values: { email: `  ${email.toUpperCase()} `, password: PASSWORD } });

    const user = await users().findByEmail(email);
    expect(user).toBeDefined();
    await expect(hasher.verify(user!.passwordHash, PASSWORD)).resolves.toBe(true);
    expect(completions).toEqual([{ accountId: user!.id, amr: ['pwd'], interactionUid: 'interaction-42' }]);
    expect(result.redirectTo).toBe('https://op.example/oidc/auth/interaction-42');
    expect(result.flow).toMatchObject({ id: flow.id, state: 'complete', step: null });
    await expect(engine.get({ id: flow.id })).resolves.toMatchObject({ state: 'complete', step: null });
  });

  it('refuses a second submission of a completed flow', async () => {
    const flow = await engine.create({ type: 'sign-up', interactionUid: 'i' });
    await submit(flow, { step: 'credentials', action: 'submit', values: { email: uniqueEmail(), password: PASSWORD } });
    const error = await refusal(submit(flow, { step: 'credentials', action: 'submit', values: { email: uniqueEmail(), password: PASSWORD } }));
    expect(error).toMatchObject({ status: 409, code: 'flow_completed' });
    expect(completions).toHaveLength(1);
  });

  it('completes only once when the same submission races itself', async () => {
    const flow = await engine.create({ type: 'sign-in', interactionUid: 'race' });
    const email = uniqueEmail();
    await signUp(email);
    completions = [];
    await submit(flow, { step: 'identifier', action: 'submit', values: { email } });
    const results = await Promise.allSettled([
      submit(flow, { step: 'password', action: 'submit', values: { password: PASSWORD } }),
      submit(flow, { step: 'password', action: 'submit', values: { password: PASSWORD } }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(completions).toHaveLength(1);
  });

  it('answers 422 invalid_email with the message on the email field, and keeps the flow usable', async () => {
    const flow = await engine.create({ type: 'sign-up', interactionUid: 'i' });
    const error = await validationRefusal(submit(flow, { step: 'credentials', action: 'submit', values: { email: 'not-an-address', password: PASSWORD } }));
    expect(error.code).toBe('invalid_email');
    expect(error.message).toBe('Enter a valid email address.');
    expect(error.flow).toMatchObject({ id: flow.id, state: 'active', step: { name: 'credentials' } });
    expect(fieldMessages(error.flow, 'email')).toEqual(['invalid_email']);
    expect(fieldMessages(error.flow, 'password')).toEqual([]);

    await submit(flow, { step: 'credentials', action: 'submit', values: { email: uniqueEmail(), password: PASSWORD } });
    expect(completions).toHaveLength(1);
  });

  it('answers 422 password_too_short with the minimum as a parameter', async () => {
    const email = uniqueEmail();
    const flow = await engine.create({ type: 'sign-up', interactionUid: 'i' });
    const error = await validationRefusal(submit(flow, { step: 'credentials', action: 'submit', values: { email, password: 'short' } }));
    expect(error.code).toBe('password_too_short');
    const message = error.flow.step!.fields.find((field) => field.name === 'password')!.messages[0];
    expect(message).toMatchObject({ code: 'password_too_short', severity: 'error', text: 'Use at least 15 characters.', params: { min: 15 } });
    await expect(users().findByEmail(email)).resolves.toBeUndefined();
  });

  it('refuses 14 characters and accepts 15 under the default policy', async () => {
    const error = await validationRefusal(signUp(uniqueEmail(), 'violet monsoon'));
    expect(error.code).toBe('password_too_short');
    await expect(signUp(uniqueEmail(), 'violet monsoons')).resolves.toMatchObject({ flow: { state: 'complete' } });
  });

  it('answers 422 password_too_common for a blocklisted password, whatever its case, and creates no user', async () => {
    for (const common of ['iloveyouforever', 'ILoveYouForever', 'qwertyuiopasdfghjkl']) {
      const email = uniqueEmail();
      const error = await validationRefusal(signUp(email, common));
      expect(error.code).toBe('password_too_common');
      expect(error.message).toBe('This password is too common. Choose a longer or less predictable one.');
      expect(fieldMessages(error.flow, 'password')).toEqual(['password_too_common']);
      expect(fieldMessages(error.flow, 'email')).toEqual([]);
      await expect(users().findByEmail(email)).resolves.toBeUndefined();
    }
    expect(completions).toEqual([]);
  });

  it('answers 422 password_contains_email when the password is the address', async () => {
    const email = uniqueEmail();
    const error = await validationRefusal(signUp(email, email.toUpperCase()));
    expect(error.code).toBe('password_contains_email');
    expect(fieldMessages(error.flow, 'password')).toEqual(['password_contains_email']);
    await expect(users().findByEmail(email)).resolves.toBeUndefined();
  });

  it('counts characters, not UTF-16 units, for the length rules', async () => {
    // Fourteen emoji are 28 UTF-16 units but fourteen characters: still too short.
    const error = await validationRefusal(signUp(uniqueEmail(), '🦊'.repeat(14)));
    expect(error.code).toBe('password_too_short');
    // e + combining acute is one character once normalised: 17 units, 14 characters.
    const decomposed = await validationRefusal(signUp(uniqueEmail(), `${'cafe\u0301'.repeat(3)}xy`));
    expect(decomposed.code).toBe('password_too_short');
    await expect(signUp(uniqueEmail(), '🦊🐙🦀🐢🦉🐝🦋🐌🦔🐿🦦🦥🦨🦡🐇')).resolves.toMatchObject({ flow: { state: 'complete' } });
    const tooLong = await validationRefusal(signUp(uniqueEmail(), 'x'.repeat(257)));
    expect(tooLong.code).toBe('password_too_long');
  });

  it('marks every missing field as required', async () => {
    const flow = await engine.create({ type: 'sign-up', interactionUid: 'i' });
    const error = await validationRefusal(submit(flow, { step: 'credentials', action: 'submit', values: {} }));
    expect(error.code).toBe('required');
    expect(fieldMessages(error.flow, 'email')).toEqual(['required']);
    expect(fieldMessages(error.flow, 'password')).toEqual(['required']);
  });

  it('refuses a taken address with email_unavailable, in the shape of any other refusal, without touching the account', async () => {
    const email = uniqueEmail();
    await signUp(email);
    const original = await users().findByEmail(email);
    completions = [];

    const error = await validationRefusal(signUp(email.toUpperCase(), 'another password entirely'));
    expect(error.code).toBe('email_unavailable');
    expect(fieldMessages(error.flow, 'email')).toEqual(['email_unavailable']);
    expect(error.flow.messages).toEqual([]);
    // Same shape as an invalid-email refusal: only the code and text differ.
    const other = await validationRefusal(signUp('bad', PASSWORD));
    expect(Object.keys(error.flow)).toEqual(Object.keys(other.flow));

    expect(completions).toEqual([]);
    await expect(users().findByEmail(email)).resolves.toEqual(original);
    await expect(hasher.verify(original!.passwordHash, 'another password entirely')).resolves.toBe(false);
  });

  it(`limits sign-ups per end-user IP to ${signUpLimits.perIp.points} an hour`, async () => {
    for (let attempt = 0; attempt < signUpLimits.perIp.points; attempt += 1) await signUp(uniqueEmail());
    const error = await refusal(signUp(uniqueEmail()));
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', headers: { 'retry-after': String(signUpLimits.perIp.windowSeconds) } });
    clock += signUpLimits.perIp.windowSeconds * 1000;
    await expect(signUp(uniqueEmail())).resolves.toMatchObject({ flow: { state: 'complete' } });
  });
});

describe('sign-in', () => {
  let email: string;
  beforeEach(async () => {
    email = uniqueEmail();
    await signUp(email);
    completions = [];
  });

  async function atPassword(identifier = email) {
    const flow = await engine.create({ type: 'sign-in', interactionUid: 'interaction-sign-in' });
    expect(flow.step?.name).toBe('identifier');
    const { flow: next } = await submit(flow, { step: 'identifier', action: 'submit', values: { email: identifier } });
    return next;
  }

  it('goes identifier → password → complete', async () => {
    const flow = await atPassword(email.toUpperCase());
    expect(flow.step).toEqual({
      name: 'password',
      fields: [
        { name: 'email', type: 'email', autocomplete: 'username', constraints: { required: true, maxLength: 254 }, value: email, readOnly: true, messages: [] },
        { name: 'password', type: 'password', autocomplete: 'current-password', constraints: { required: true, maxLength: 1024 }, messages: [] },
      ],
      actions: [
        { name: 'submit', kind: 'primary' },
        { name: 'back', kind: 'secondary' },
      ],
    });
    const result = await submit(flow, { step: 'password', action: 'submit', values: { password: PASSWORD } });
    const user = await users().findByEmail(email);
    expect(result).toEqual({ flow: expect.objectContaining({ state: 'complete', step: null }), redirectTo: 'https://op.example/oidc/auth/interaction-sign-in' });
    expect(completions).toEqual([{ accountId: user!.id, amr: ['pwd'], interactionUid: 'interaction-sign-in' }]);
  });

  it('moves on from the identifier step for unknown addresses too', async () => {
    const flow = await atPassword(uniqueEmail());
    expect(flow.step?.name).toBe('password');
  });

  it('refuses a malformed identifier with invalid_email', async () => {
    const flow = await engine.create({ type: 'sign-in', interactionUid: 'i' });
    const error = await validationRefusal(submit(flow, { step: 'identifier', action: 'submit', values: { email: 'nope' } }));
    expect(fieldMessages(error.flow, 'email')).toEqual(['invalid_email']);
  });

  it('answers invalid_credentials as a flow message for a wrong password and for an unknown account alike', async () => {
    const wrong = await validationRefusal(submit(await atPassword(), { step: 'password', action: 'submit', values: { password: 'wrong password' } }));
    const unknown = await validationRefusal(submit(await atPassword(uniqueEmail()), { step: 'password', action: 'submit', values: { password: PASSWORD } }));
    for (const error of [wrong, unknown]) {
      expect(error.code).toBe('invalid_credentials');
      expect(error.flow.messages).toEqual([{ code: 'invalid_credentials', severity: 'error', text: 'The email or password is incorrect.' }]);
      expect(error.flow.step?.name).toBe('password');
      expect(fieldMessages(error.flow, 'password')).toEqual([]);
    }
    expect(completions).toEqual([]);
  });

  it('requires a password', async () => {
    const error = await validationRefusal(submit(await atPassword(), { step: 'password', action: 'submit', values: {} }));
    expect(fieldMessages(error.flow, 'password')).toEqual(['required']);
  });

  it('goes back from the password step to an empty identifier step', async () => {
    const flow = await atPassword();
    const { flow: back } = await submit(flow, { step: 'password', action: 'back', values: {} });
    expect(back.step?.name).toBe('identifier');
    expect(back.step?.fields[0]?.value).toBeUndefined();
    const other = uniqueEmail();
    const { flow: again } = await submit(flow, { step: 'identifier', action: 'submit', values: { email: other } });
    expect(again.step?.fields[0]?.value).toBe(other);
  });

  it(`locks an account out after ${signInLimits.perAccount.points} failed passwords, even for the right one`, async () => {
    const flow = await atPassword();
    for (let attempt = 0; attempt < signInLimits.perAccount.points; attempt += 1) {
      context = { ip: `198.51.100.${attempt}`, userAgent: 'vitest' }; // spread over IPs: the account limit still holds
      await validationRefusal(submit(flow, { step: 'password', action: 'submit', values: { password: `guess ${attempt}` } }));
    }
    const error = await refusal(submit(flow, { step: 'password', action: 'submit', values: { password: PASSWORD } }));
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(error.headers['retry-after'])).toBeGreaterThan(0);
    expect(completions).toEqual([]);

    clock += signInLimits.perAccount.windowSeconds * 1000;
    await expect(submit(await atPassword(), { step: 'password', action: 'submit', values: { password: PASSWORD } })).resolves.toMatchObject({
      flow: { state: 'complete' },
    });
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const fail = async () => validationRefusal(submit(await atPassword(), { step: 'password', action: 'submit', values: { password: 'wrong' } }));
    for (let attempt = 0; attempt < signInLimits.perAccount.points - 1; attempt += 1) await fail();
    await submit(await atPassword(), { step: 'password', action: 'submit', values: { password: PASSWORD } });
    for (let attempt = 0; attempt < signInLimits.perAccount.points - 1; attempt += 1) await fail();
    await expect(submit(await atPassword(), { step: 'password', action: 'submit', values: { password: PASSWORD } })).resolves.toMatchObject({
      flow: { state: 'complete' },
    });
  });

  describe('when the argon2 parameters change', () => {
    const stronger = { memoryCost: 4096, timeCost: 2, parallelism: 1 };
    /** The same engine and database, configured with other argon2 parameters, as after a redeploy. */
    const reconfigured = () =>
      createFlowEngine({
        db,
        ttlSeconds: TTL_SECONDS,
        now: () => new Date(clock),
        deps: { users: users(), hasher: createPasswordHasher(stronger), rateLimiter: createRateLimiter(db, () => new Date(clock)), passwordPolicy: passwordPolicyDefaults },
        completeInteraction: (completion) => completeInteraction(completion),
      });
    async function signInWith(flowEngine: FlowEngine, password: string) {
      const flow = await flowEngine.create({ type: 'sign-in', interactionUid: 'rehash' });
      await flowEngine.submit({ id: flow.id, submission: { step: 'identifier', action: 'submit', values: { email } }, context });
      return flowEngine.submit({ id: flow.id, submission: { step: 'password', action: 'submit', values: { password } }, context });
    }
    const storedHash = async () => (await users().findByEmail(email))!.passwordHash!;

    it('rehashes the stored password at the next successful sign-in', async () => {
      const before = await storedHash();
      expect(parseArgon2Hash(before)).toMatchObject({ algorithm: 'argon2id', version: 19, ...TEST_ARGON2 });

      const flowEngine = reconfigured();
      await expect(signInWith(flowEngine, PASSWORD)).resolves.toMatchObject({ flow: { state: 'complete' } });
      const after = await storedHash();
      expect(after).not.toBe(before);
      expect(parseArgon2Hash(after)).toEqual({ algorithm: 'argon2id', version: 19, ...stronger });
      await expect(createPasswordHasher(stronger).verify(after, PASSWORD)).resolves.toBe(true);
      await expect(hasher.verify(after, PASSWORD)).resolves.toBe(true); // the parameters travel in the hash

      // Up to date now: the next sign-in leaves it alone.
      await signInWith(flowEngine, PASSWORD);
      expect(await storedHash()).toBe(after);
      // And the old configuration still signs in (and takes the hash back to its own parameters).
      await expect(submit(await atPassword(), { step: 'password', action: 'submit', values: { password: PASSWORD } })).resolves.toMatchObject({
        flow: { state: 'complete' },
      });
      expect(parseArgon2Hash(await storedHash())).toMatchObject(TEST_ARGON2);
    });

    it('does not touch the hash after a wrong password', async () => {
      const before = await storedHash();
      await validationRefusal(signInWith(reconfigured(), 'not the password at all'));
      expect(await storedHash()).toBe(before);
    });
  });
});

describe('flow errors', () => {
  it('answers 404 flow_not_found for an unknown id, whatever its shape', async () => {
    for (const id of ['flow_AAAAAAAAAAAAAAAAAAAAAAAA', 'not-a-uuid', "'; drop table latch_flows; --"]) {
      expect(await refusal(engine.get({ id }))).toMatchObject({ status: 404, code: 'flow_not_found' });
      expect(await refusal(submit(id, { step: 'credentials', action: 'submit', values: {} }))).toMatchObject({ status: 404, code: 'flow_not_found' });
    }
  });

  it('answers 410 flow_expired once the flow outlives its TTL', async () => {
    const flow = await engine.create({ type: 'sign-up', interactionUid: 'i' });
    clock += TTL_SECONDS * 1000 - 1;
    await expect(engine.get({ id: flow.id })).resolves.toMatchObject({ state: 'active' });
    clock += 1;
    expect(await refusal(engine.get({ id: flow.id }))).toMatchObject({ status: 410, code: 'flow_expired' });
    const error = await refusal(submit(flow, { step: 'credentials', action: 'submit', values: { email: uniqueEmail(), password: PASSWORD } }));
    expect(error).toMatchObject({ status: 410, code: 'flow_expired' });
    expect(completions).toEqual([]);
  });

  it('answers 409 step_mismatch when a known step is not the current one', async () => {
    const flow = await engine.create({ type: 'sign-in', interactionUid: 'i' });
    const error = await refusal(submit(flow, { step: 'password', action: 'submit', values: { password: PASSWORD } }));
    expect(error).toMatchObject({ status: 409, code: 'step_mismatch' });
    expect(error.message).toContain('"identifier"');
  });

  it.each(['credentials', 'constructor', 'toString', '__proto__'])('answers 400 unknown_step for %j in a sign-in flow', async (step) => {
    const flow = await engine.create({ type: 'sign-in', interactionUid: 'i' });
    expect(await refusal(submit(flow, { step, action: 'submit', values: {} }))).toMatchObject({ status: 400, code: 'unknown_step' });
  });

  it('answers 400 unknown_action and unknown_field', async () => {
    const flow = await engine.create({ type: 'sign-up', interactionUid: 'i' });
    expect(await refusal(submit(flow, { step: 'credentials', action: 'back', values: {} }))).toMatchObject({ status: 400, code: 'unknown_action' });
    const error = await refusal(submit(flow, { step: 'credentials', action: 'submit', values: { email: uniqueEmail(), password: PASSWORD, isAdmin: 'true' } }));
    expect(error).toMatchObject({ status: 400, code: 'unknown_field' });
    expect(error.message).toContain('isAdmin');
    expect(completions).toEqual([]);
  });

  it('passes a failure to complete the interaction on to the caller', async () => {
    completeInteraction = async () => {
      throw new LatchError({ status: 410, code: 'flow_expired', message: 'gone' });
    };
    const error = await refusal(signUp(uniqueEmail()));
    expect(error).toMatchObject({ status: 410, code: 'flow_expired' });
  });
});
