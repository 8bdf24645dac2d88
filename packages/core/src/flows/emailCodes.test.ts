import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LatchError } from '../errors.ts';
import { createOutboxMailer, listOutbox } from '../mail/createOutboxMailer.ts';
import { createEmailRenderer } from '../mail/renderEmail.ts';
import { passwordPolicyDefaults } from '../passwords/passwordPolicyDefaults.ts';
import { createRateLimiter } from '../rateLimit/createRateLimiter.ts';
import { createDatabase, type CoreDatabase } from '../storage/createDatabase.ts';
import { TEST_ARGON2 } from '../testing/startTestCore.ts';
import { createPasswordHasher } from '../users/passwordHasher.ts';
import { createUserRepository } from '../users/userRepository.ts';
import { createFlowEngine, FlowValidationError, type FlowCompletion, type FlowEngine } from './createFlowEngine.ts';
import { checkEmailChallenge, issueEmailChallenge, normalizeCode } from './emailChallenge.ts';
import type { Flow, FlowSubmission } from './flowTypes.ts';

const PASSWORD = 'correct horse battery staple';
const SECRET = 'test-secret-0123456789abcdef0123456789';
const CODE_TTL = 300;

let db: CoreDatabase;
let engine: FlowEngine;
let clock: number;
let completions: FlowCompletion[];
let context: { ip: string; userAgent: string };
let counter = 0;
const users = () => createUserRepository(db);

beforeAll(async () => {
  db = await createDatabase({ dataDir: 'memory://' });
  const now = () => new Date(clock);
  engine = createFlowEngine({
    db,
    ttlSeconds: 900,
    now,
    deps: {
      users: users(),
      hasher: createPasswordHasher(TEST_ARGON2),
      rateLimiter: createRateLimiter(db, now),
      passwordPolicy: passwordPolicyDefaults,
      email: {
        mailer: createOutboxMailer(db, { now }),
        mail: createEmailRenderer(),
        secret: SECRET,
        requireVerificationAtSignUp: true,
        codeTtlSeconds: CODE_TTL,
        maxAttempts: 5,
        links: () => ({
          verifyEmail: 'https://app.example/auth/verify-email',
          signInLink: 'https://app.example/auth/sign-in-link',
          signIn: 'https://app.example/sign-in',
          passwordReset: 'https://app.example/reset',
          recoveryLink: 'https://app.example/auth/reset-password',
        }),
        now,
      },
    },
    completeInteraction: async (completion) => {
      completions.push(completion);
      return 'https://op.example/resume';
    },
  });
});

afterAll(async () => {
  await db?.destroy();
});

beforeEach(() => {
  clock = Date.parse('2030-01-01T00:00:00Z') + counter * 7_200_000;
  completions = [];
  counter += 1;
  context = { ip: `203.0.113.${counter}`, userAgent: 'vitest' };
});

const uniqueEmail = () => `code${counter}.${Math.random().toString(36).slice(2)}@example.com`;
const submit = (flow: Flow, submission: FlowSubmission) => engine.submit({ id: flow.id, submission, context });

async function refusal(promise: Promise<unknown>): Promise<FlowValidationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FlowValidationError);
  return error as FlowValidationError;
}

/** The newest mail to `to`, with the code and link token it carries. */
async function newestMail(to: string) {
  const mail = (await listOutbox(db, { limit: 200 })).find((message) => message.to === to);
  const code = /\b(\d{6})\b/u.exec(mail?.text ?? '')?.[1];
  const link = /(https:\/\/app\.example\/auth\/[a-z-]+\?\S+)/u.exec(mail?.text ?? '')?.[1];
  return { mail, code, token: link ? new URL(link).searchParams.get('token') : null, link };
}

async function startSignUp(email: string) {
  const flow = await engine.create({ type: 'sign-up', interactionUid: 'i-up', clientId: 'app' });
  const { flow: next } = await submit(flow, { step: 'credentials', action: 'submit', values: { email, password: PASSWORD } });
  return next;
}

describe('email challenges', () => {
  const base = { secret: SECRET, flowId: 'flow_x', now: new Date(0), ttlSeconds: 60 };

  it('issues six digits and a 256-bit token, and stores neither in clear', () => {
    const { code, token, challenge } = issueEmailChallenge(base);
    expect(code).toMatch(/^\d{6}$/u);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(JSON.stringify(challenge)).not.toContain(code);
    expect(JSON.stringify(challenge)).not.toContain(token);
    expect(challenge.expiresAt).toBe(new Date(60_000).toISOString());
  });

  it('accepts the code and token only for their own flow and only until expiry', () => {
    const { code, token, challenge } = issueEmailChallenge(base);
    const check = (over: Partial<Parameters<typeof checkEmailChallenge>[0]>) =>
      checkEmailChallenge({ secret: SECRET, flowId: 'flow_x', challenge, kind: 'code', answer: code, now: new Date(59_999), ...over });
    expect(check({})).toBe('ok');
    expect(check({ kind: 'token', answer: token })).toBe('ok');
    expect(check({ kind: 'token', answer: code })).toBe('invalid');
    expect(check({ answer: code === '000000' ? '000001' : '000000' })).toBe('invalid');
    expect(check({ flowId: 'flow_y' })).toBe('invalid');
    expect(check({ secret: 'another secret' })).toBe('invalid');
    expect(check({ now: new Date(60_000) })).toBe('expired');
    expect(check({ challenge: undefined })).toBe('expired');
  });

  it('normalises what people type', () => {
    expect(normalizeCode(' 123 456 ')).toBe('123456');
    expect(normalizeCode('123-456')).toBe('123456');
    expect(normalizeCode('１２３４５６')).toBe('123456');
  });
});

describe('sign-up with email verification', () => {
  it('moves to verify-email, mails a code and a link, and creates the user only once the code is right', async () => {
    const email = uniqueEmail();
    const flow = await startSignUp(email);
    expect(flow.step).toEqual({
      name: 'verify-email',
      fields: [
        { name: 'email', type: 'email', autocomplete: 'email', constraints: { required: true, maxLength: 254 }, readOnly: true, value: email, messages: [] },
        { name: 'code', type: 'text', autocomplete: 'one-time-code', inputMode: 'numeric', constraints: { required: true, maxLength: 16 }, messages: [] },
      ],
      actions: [
        { name: 'submit', kind: 'primary' },
        { name: 'resend', kind: 'secondary' },
        { name: 'back', kind: 'secondary' },
      ],
    });
    await expect(users().findByEmail(email)).resolves.toBeUndefined();
    const { mail, code, link } = await newestMail(email);
    expect(mail?.subject).toBe('Verify your email address for Latch');
    expect(link).toMatch(new RegExp(`^https://app\\.example/auth/verify-email\\?flow=${flow.id}&token=[A-Za-z0-9_-]{43}$`, 'u'));
    const stored = await db.selectFrom('latch_flows').select('state').where('id', '=', flow.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.state)).not.toContain(code);

    const result = await submit(flow, { step: 'verify-email', action: 'submit', values: { code: `${code!.slice(0, 3)} ${code!.slice(3)}` } });
    expect(result.flow.state).toBe('complete');
    const user = await users().findByEmail(email);
    expect(user).toMatchObject({ email, emailVerified: true });
    expect(completions).toEqual([{ accountId: user!.id, amr: ['pwd'], interactionUid: 'i-up' }]);
  });

  it('refuses a wrong code with invalid_code, and burns the code after five wrong ones', async () => {
    const email = uniqueEmail();
    const flow = await startSignUp(email);
    const { code } = await newestMail(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const error = await refusal(submit(flow, { step: 'verify-email', action: 'submit', values: { code: wrong } }));
      expect(error).toMatchObject({ status: 422, code: 'invalid_code' });
      expect(error.flow.step?.fields.find((field) => field.name === 'code')?.messages.map((m) => m.code)).toEqual(['invalid_code']);
    }
    const burnt = await refusal(submit(flow, { step: 'verify-email', action: 'submit', values: { code: code! } }));
    expect(burnt.code).toBe('too_many_attempts');
    await expect(users().findByEmail(email)).resolves.toBeUndefined();

    // A new code starts afresh.
    const { flow: resent } = await submit(flow, { step: 'verify-email', action: 'resend', values: {} });
    expect(resent.messages.map((message) => message.code)).toEqual(['code_sent']);
    const { code: fresh } = await newestMail(email);
    await expect(submit(flow, { step: 'verify-email', action: 'submit', values: { code: fresh! } })).resolves.toMatchObject({ flow: { state: 'complete' } });
  });

  it('refuses an expired code with code_expired, and the old code after a resend', async () => {
    const email = uniqueEmail();
    const flow = await startSignUp(email);
    const { code: first } = await newestMail(email);
    clock += CODE_TTL * 1000;
    expect((await refusal(submit(flow, { step: 'verify-email', action: 'submit', values: { code: first! } }))).code).toBe('code_expired');
    await submit(flow, { step: 'verify-email', action: 'resend', values: {} });
    const { code: second } = await newestMail(email);
    if (second !== first) {
      expect((await refusal(submit(flow, { step: 'verify-email', action: 'submit', values: { code: first! } }))).code).toBe('invalid_code');
    }
    await expect(submit(flow, { step: 'verify-email', action: 'submit', values: { code: second! } })).resolves.toMatchObject({ flow: { state: 'complete' } });
  });

  it('limits resends per flow', async () => {
    const email = uniqueEmail();
    const flow = await startSignUp(email);
    for (let sent = 1; sent < 5; sent += 1) await submit(flow, { step: 'verify-email', action: 'resend', values: {} });
    const error = await engine.submit({ id: flow.id, submission: { step: 'verify-email', action: 'resend', values: {} }, context }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LatchError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
  });

  it('verifies through the link, single-use, and waits on email-verified for the starting browser', async () => {
    const email = uniqueEmail();
    const flow = await startSignUp(email);
    const { token } = await newestMail(email);
    const wrong = await refusal(submit(flow, { step: 'verify-email', action: 'link', values: { token: 'x'.repeat(43) } }));
    expect(wrong.code).toBe('invalid_code');
    const { flow: verified } = await submit(flow, { step: 'verify-email', action: 'link', values: { token: token! } });
    expect(verified.step?.name).toBe('email-verified');
    expect(verified.step?.actions).toEqual([{ name: 'submit', kind: 'primary' }]);
    await expect(users().findByEmail(email)).resolves.toMatchObject({ emailVerified: true });
    expect(completions).toEqual([]);
    // Used: the link cannot be replayed.
    const replay = await engine.submit({ id: flow.id, submission: { step: 'verify-email', action: 'link', values: { token: token! } }, context }).catch((e: unknown) => e);
    expect(replay).toMatchObject({ status: 409, code: 'step_mismatch' });
    await expect(submit(verified, { step: 'email-verified', action: 'submit', values: {} })).resolves.toMatchObject({ flow: { state: 'complete' } });
    expect(completions).toHaveLength(1);
  });

  it('never renders the link action or token field', async () => {
    const flow = await startSignUp(uniqueEmail());
    expect(flow.step?.actions.map((action) => action.name)).not.toContain('link');
    expect(flow.step?.fields.map((field) => field.name)).not.toContain('token');
  });

  it('answers a taken address exactly like a new one and mails its owner instead', async () => {
    const taken = uniqueEmail();
    const first = await startSignUp(taken);
    await submit(first, { step: 'verify-email', action: 'submit', values: { code: (await newestMail(taken)).code! } });
    const original = await users().findByEmail(taken);

    const fresh = uniqueEmail();
    const [forTaken, forFresh] = [await startSignUp(taken.toUpperCase()), await startSignUp(fresh)];
    const shape = (flow: Flow) => ({ ...flow, id: '', expiresAt: '', step: { ...flow.step!, fields: flow.step!.fields.map((field) => ({ ...field, value: '' })) } });
    expect(shape(forTaken)).toEqual(shape(forFresh));

    const { mail, code } = await newestMail(taken);
    expect(mail?.subject).toBe('You already have an account at Latch');
    expect(mail?.text).toContain('https://app.example/sign-in');
    expect(code).toBeUndefined();
    // Nothing an attacker types completes it, and the account is untouched.
    for (const guess of ['000000', '123456']) {
      expect((await refusal(submit(forTaken, { step: 'verify-email', action: 'submit', values: { code: guess } }))).code).toBe('invalid_code');
    }
    await expect(users().findByEmail(taken)).resolves.toEqual(original);
    expect(completions).toHaveLength(1);
  });

  it('lets the real owner sign up although someone else started (and abandoned) a sign-up for the address', async () => {
    const email = uniqueEmail();
    await startSignUp(email); // never verified
    const flow = await startSignUp(email);
    const { code } = await newestMail(email);
    await expect(submit(flow, { step: 'verify-email', action: 'submit', values: { code: code! } })).resolves.toMatchObject({ flow: { state: 'complete' } });
  });

  it('goes back to the credentials step', async () => {
    const flow = await startSignUp(uniqueEmail());
    const { flow: back } = await submit(flow, { step: 'verify-email', action: 'back', values: {} });
    expect(back.step?.name).toBe('credentials');
  });
});

describe('sign-in with an emailed code', () => {
  async function existingUser() {
    const email = uniqueEmail();
    const flow = await startSignUp(email);
    await submit(flow, { step: 'verify-email', action: 'submit', values: { code: (await newestMail(email)).code! } });
    completions = [];
    return email;
  }

  async function askForCode(email: string) {
    const flow = await engine.create({ type: 'sign-in', interactionUid: 'i-in', clientId: 'app' });
    expect(flow.step?.actions).toEqual([
      { name: 'submit', kind: 'primary' },
      { name: 'email-code', kind: 'secondary' },
    ]);
    return (await submit(flow, { step: 'identifier', action: 'email-code', values: { email } })).flow;
  }

  it('mails a code to an existing account and signs in with it (amr otp)', async () => {
    const email = await existingUser();
    const flow = await askForCode(email);
    expect(flow.step?.name).toBe('sign-in-code');
    expect(flow.step?.actions.map((action) => action.name)).toEqual(['submit', 'resend', 'back']);
    const { mail, code } = await newestMail(email);
    expect(mail?.subject).toBe(`${code} is your Latch sign-in code`);
    const result = await submit(flow, { step: 'sign-in-code', action: 'submit', values: { code: code! } });
    expect(result.flow.state).toBe('complete');
    const user = await users().findByEmail(email);
    expect(completions).toEqual([{ accountId: user!.id, amr: ['otp'], interactionUid: 'i-in' }]);
  });

  it('answers an unknown address the same way and mails nothing', async () => {
    const email = uniqueEmail();
    const before = (await listOutbox(db, { limit: 1 }))[0]?.id;
    const known = await askForCode(await existingUser());
    const unknown = await askForCode(email);
    const shape = (flow: Flow) => ({ ...flow, id: '', expiresAt: '', step: { ...flow.step!, fields: flow.step!.fields.map((field) => ({ ...field, value: '' })) } });
    expect(shape(unknown)).toEqual(shape(known));
    expect((await listOutbox(db, { limit: 200 })).filter((message) => message.to === email)).toEqual([]);
    expect(before).toBeDefined();
    expect((await refusal(submit(unknown, { step: 'sign-in-code', action: 'submit', values: { code: '123456' } }))).code).toBe('invalid_code');
  });

  it('signs in with the magic link token, once', async () => {
    const email = await existingUser();
    const flow = await askForCode(email);
    const { token, link } = await newestMail(email);
    expect(link).toContain('/auth/sign-in-link?flow=');
    await expect(submit(flow, { step: 'sign-in-code', action: 'link', values: { token: token! } })).resolves.toMatchObject({ flow: { state: 'complete' } });
    const again = await engine.submit({ id: flow.id, submission: { step: 'sign-in-code', action: 'link', values: { token: token! } }, context }).catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 409, code: 'flow_completed' });
  });

  it('burns the code after five wrong answers', async () => {
    const email = await existingUser();
    const flow = await askForCode(email);
    const { code } = await newestMail(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) await refusal(submit(flow, { step: 'sign-in-code', action: 'submit', values: { code: wrong } }));
    expect((await refusal(submit(flow, { step: 'sign-in-code', action: 'submit', values: { code: code! } }))).code).toBe('too_many_attempts');
    expect(completions).toEqual([]);
  });

  it('goes back to the identifier step', async () => {
    const flow = await askForCode(uniqueEmail());
    expect((await submit(flow, { step: 'sign-in-code', action: 'back', values: {} })).flow.step?.name).toBe('identifier');
  });
});
