import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { testDatabases } from '../testing/testDatabases.ts';
import { createUserRepository } from '../users/userRepository.ts';
import { createMfaRepository, type MfaRepository } from './mfaRepository.ts';
import { generateRecoveryCodes } from './recoveryCodes.ts';
import { createTotpSecretBox } from './totpSecretBox.ts';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const targets = testDatabases.map(([name, open]) => ({ name, open }));

describe.each(targets)('MFA repository on $name', ({ open }) => {
  let db: CoreDatabase;
  let close: () => Promise<void>;
  let mfa: MfaRepository;

  beforeAll(async () => {
    ({ db, close } = await open());
    mfa = createMfaRepository(db, { secretBox: createTotpSecretBox(randomBytes(32).toString('base64url')), recoveryKey: 'recovery-key-for-tests-0123456789abcdef' });
  });
  afterAll(async () => {
    await close?.();
  });

  async function newUser(): Promise<string> {
    const user = await createUserRepository(db).create({ email: `mfa-${randomUUID()}@example.com`, passwordHash: 'x' });
    return user!.id;
  }

  it('keeps the TOTP secret encrypted at rest and reads it back', async () => {
    const userId = await newUser();
    const id = await mfa.createPendingTotp({ userId, secret: SECRET });
    const row = await db.selectFrom('latch_mfa_factors').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^v1\./u);
    expect(row.secret).not.toContain(SECRET);
    await expect(mfa.findPendingTotp({ userId, id })).resolves.toMatchObject({ id, userId, secret: SECRET });
    await expect(mfa.findTotp(userId)).resolves.toBeUndefined();
    // Copied onto another row, the ciphertext does not decrypt (the ids are bound in).
    const other = await newUser();
    const copy = await mfa.createPendingTotp({ userId: other, secret: 'AAAAAAAAAAAAAAAA' });
    await db.updateTable('latch_mfa_factors').set({ secret: row.secret }).where('id', '=', copy).execute();
    await expect(mfa.findPendingTotp({ userId: other, id: copy })).rejects.toThrow();
  });

  it('confirms one factor per user, and records steps only forwards', async () => {
    const userId = await newUser();
    const first = await mfa.createPendingTotp({ userId, secret: SECRET });
    await expect(mfa.findPendingTotp({ userId: await newUser(), id: first })).resolves.toBeUndefined();
    await expect(mfa.confirmTotp({ userId, id: first, step: 100 })).resolves.toBe(true);
    await expect(mfa.confirmTotp({ userId, id: first, step: 101 })).resolves.toBe(false);
    const factor = await mfa.findTotp(userId);
    expect(factor).toMatchObject({ id: first, secret: SECRET, lastUsedStep: 100 });
    expect(factor!.confirmedAt).toBeInstanceOf(Date);

    const second = await mfa.createPendingTotp({ userId, secret: SECRET });
    await expect(mfa.confirmTotp({ userId, id: second, step: 102 })).resolves.toBe(false);

    await expect(mfa.recordTotpStep({ factorId: first, step: 100 })).resolves.toBe(false);
    await expect(mfa.recordTotpStep({ factorId: first, step: 99 })).resolves.toBe(false);
    await expect(mfa.recordTotpStep({ factorId: first, step: 101 })).resolves.toBe(true);
    const [a, b] = await Promise.all([mfa.recordTotpStep({ factorId: first, step: 105 }), mfa.recordTotpStep({ factorId: first, step: 105 })]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
  });

  it('stores recovery codes as digests, counts them, and accepts each once', async () => {
    const userId = await newUser();
    const codes = generateRecoveryCodes();
    await mfa.replaceRecoveryCodes({ userId, codes });
    const rows = await db.selectFrom('latch_recovery_codes').selectAll().where('user_id', '=', userId).execute();
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(codes.some((code) => row.code_hash.includes(code.replace('-', '')))).toBe(false);
    await expect(mfa.countRecoveryCodes(userId)).resolves.toBe(10);

    await expect(mfa.consumeRecoveryCode({ userId, input: codes[0]!.toUpperCase() })).resolves.toBe(true);
    await expect(mfa.consumeRecoveryCode({ userId, input: codes[0]! })).resolves.toBe(false);
    await expect(mfa.consumeRecoveryCode({ userId, input: 'aaaaa-aaaaa' })).resolves.toBe(false);
    await expect(mfa.consumeRecoveryCode({ userId: await newUser(), input: codes[1]! })).resolves.toBe(false);
    await expect(mfa.countRecoveryCodes(userId)).resolves.toBe(9);

    const fresh = generateRecoveryCodes();
    await mfa.replaceRecoveryCodes({ userId, codes: fresh });
    await expect(mfa.consumeRecoveryCode({ userId, input: codes[1]! })).resolves.toBe(false);
    await expect(mfa.countRecoveryCodes(userId)).resolves.toBe(10);
  });

  it('removes the factor and its recovery codes together', async () => {
    const userId = await newUser();
    const id = await mfa.createPendingTotp({ userId, secret: SECRET });
    await mfa.confirmTotp({ userId, id, step: 1 });
    await mfa.replaceRecoveryCodes({ userId, codes: generateRecoveryCodes() });
    await expect(mfa.removeTotp(userId)).resolves.toBe(true);
    await expect(mfa.findTotp(userId)).resolves.toBeUndefined();
    await expect(mfa.countRecoveryCodes(userId)).resolves.toBe(0);
    await expect(mfa.removeTotp(userId)).resolves.toBe(false);
  });
});
