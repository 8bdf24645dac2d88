import { randomUUID } from 'node:crypto';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { normalizeEmail } from './email.ts';

export interface User {
  id: string;
  email: string;
  passwordHash: string | null;
  /** Whether the owner proved the address (an emailed code or link). */
  emailVerified: boolean;
  createdAt: Date;
}

export interface UserRepository {
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  /** Creates the user, or returns `undefined` when the email is taken. */
  /** `passwordHash: null` for an account without a password (signed up with a passkey). */
  create(input: { email: string; passwordHash: string | null; emailVerified?: boolean }): Promise<User | undefined>;
  /** Records that the owner proved the address now (e.g. signed in with an emailed code). */
  markEmailVerified(id: string): Promise<void>;
  /**
   * Replaces the user's password hash, but only if it is still `from`, so a
   * rehash racing a password change cannot undo it. Answers whether it did.
   */
  replacePasswordHash(input: { id: string; from: string; to: string }): Promise<boolean>;
  /** Sets the password hash whatever it was (a password reset, after the owner proved the address). */
  setPasswordHash(input: { id: string; hash: string }): Promise<void>;
}

export function createUserRepository(db: CoreDatabase): UserRepository {
  const columns = ['id', 'email', 'password_hash', 'email_verified_at', 'created_at'] as const;
  const toUser = (row: { id: string; email: string; password_hash: string | null; email_verified_at: Date | null; created_at: Date }): User => ({
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    emailVerified: row.email_verified_at !== null,
    createdAt: new Date(row.created_at),
  });

  return {
    async findById(id) {
      const row = await db.selectFrom('latch_users').select(columns).where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    async findByEmail(email) {
      const row = await db.selectFrom('latch_users').select(columns).where('email', '=', normalizeEmail(email)).executeTakeFirst();
      return row && toUser(row);
    },
    async create({ email, passwordHash, emailVerified = false }) {
      const now = new Date();
      const row = await db
        .insertInto('latch_users')
        .values({
          id: randomUUID(),
          email: normalizeEmail(email),
          password_hash: passwordHash,
          email_verified_at: emailVerified ? now : null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('email').doNothing())
        .returning(columns)
        .executeTakeFirst();
      return row && toUser(row);
    },
    async markEmailVerified(id) {
      const now = new Date();
      await db.updateTable('latch_users').set({ email_verified_at: now, updated_at: now }).where('id', '=', id).where('email_verified_at', 'is', null).execute();
    },
    async replacePasswordHash({ id, from, to }) {
      const result = await db
        .updateTable('latch_users')
        .set({ password_hash: to, updated_at: new Date() })
        .where('id', '=', id)
        .where('password_hash', '=', from)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async setPasswordHash({ id, hash }) {
      await db.updateTable('latch_users').set({ password_hash: hash, updated_at: new Date() }).where('id', '=', id).execute();
    },
  };
}
