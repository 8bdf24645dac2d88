import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDemoEnv } from './readDemoEnv.ts';

describe('readDemoEnv', () => {
  it('defaults to port 3000 and .latch in the working directory', () => {
    expect(readDemoEnv({}, '/srv/app')).toEqual({ port: 3000, dataDir: path.resolve('/srv/app/.latch'), devMail: true, profilePrompts: true, termsVersion: 1 });
  });

  it('reads PORT, LATCH_DATA_DIR and DATABASE_URL', () => {
    expect(readDemoEnv({ PORT: '4100', LATCH_DATA_DIR: 'data', DATABASE_URL: 'postgres://u@127.0.0.1/db' }, '/srv')).toEqual({
      port: 4100,
      dataDir: path.resolve('/srv/data'),
      databaseUrl: 'postgres://u@127.0.0.1/db',
      devMail: true,
      profilePrompts: true,
      termsVersion: 1,
    });
  });

  it.each(['abc', '70000', '-1', '3000x'])('refuses PORT=%s with a readable message', (port) => {
    expect(() => readDemoEnv({ PORT: port })).toThrow(/PORT must be a number/u);
  });

  it('reads REDIS_URL and refuses one that is not Redis', () => {
    expect(readDemoEnv({ REDIS_URL: 'redis://127.0.0.1:6379' }, '/srv')).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379' });
    expect(() => readDemoEnv({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL must be a redis/u);
  });

  it('serves the development outbox outside production unless LATCH_DEV_MAIL=0', () => {
    expect(readDemoEnv({}).devMail).toBe(true);
    expect(readDemoEnv({ NODE_ENV: 'development', LATCH_DEV_MAIL: '1' }).devMail).toBe(true);
    expect(readDemoEnv({ LATCH_DEV_MAIL: '0' }).devMail).toBe(false);
    expect(readDemoEnv({ NODE_ENV: 'production' }).devMail).toBe(false);
    expect(readDemoEnv({ NODE_ENV: 'production', LATCH_DEV_MAIL: '1' }).devMail).toBe(false);
    expect(() => readDemoEnv({ LATCH_DEV_MAIL: 'yes' })).toThrow(/LATCH_DEV_MAIL must be 0/u);
  });

  it('reads SMTP_URL and SMTP_FROM, and uses the outbox without them', () => {
    expect(readDemoEnv({})).not.toHaveProperty('smtp');
    expect(readDemoEnv({ SMTP_URL: 'smtps://u:p%40ss@smtp.example.com:465' }).smtp).toEqual({
      url: 'smtps://u:p%40ss@smtp.example.com:465',
      from: '"Acme Notes" <no-reply@localhost>',
    });
    expect(readDemoEnv({ SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_FROM: 'Acme <hello@acme.example>' }).smtp).toEqual({
      url: 'smtp://127.0.0.1:2525',
      from: 'Acme <hello@acme.example>',
    });
  });

  it.each(['http://user:hunter2@smtp.example.com', 'smtp://', 'smtp.example.com:587', 'smtps://user:hunter2@'])(
    'refuses SMTP_URL=%s without quoting it',
    (url) => {
      const error = (() => {
        try {
          readDemoEnv({ SMTP_URL: url });
        } catch (caught) {
          return caught as Error;
        }
        throw new Error('accepted');
      })();
      expect(error.message).toMatch(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL with a host/u);
      expect(error.message).not.toContain('hunter2');
    },
  );

  it('reads LATCH_EMAIL_CODE_TTL_SECONDS (5 to 3600 seconds) and refuses anything else', () => {
    expect(readDemoEnv({}).emailCodeTtlSeconds).toBeUndefined();
    expect(readDemoEnv({ LATCH_EMAIL_CODE_TTL_SECONDS: ' 8 ' }).emailCodeTtlSeconds).toBe(8);
    for (const bad of ['4', '3601', '15m', '-5', '1e3']) {
      expect(() => readDemoEnv({ LATCH_EMAIL_CODE_TTL_SECONDS: bad })).toThrow(/LATCH_EMAIL_CODE_TTL_SECONDS must be a whole number of seconds from 5 to 3600/u);
    }
  });

  it('reads LATCH_STEP_UP_MAX_AGE in seconds and refuses anything else', () => {
    expect(readDemoEnv({}).stepUpMaxAgeSeconds).toBeUndefined();
    expect(readDemoEnv({ LATCH_STEP_UP_MAX_AGE: '1' }).stepUpMaxAgeSeconds).toBe(1);
    expect(() => readDemoEnv({ LATCH_STEP_UP_MAX_AGE: '10m' })).toThrow(/LATCH_STEP_UP_MAX_AGE must be a whole number/u);
  });

  it('reads LATCH_PROFILE_PROMPTS as 0 or 1 and refuses anything else', () => {
    expect(readDemoEnv({ LATCH_PROFILE_PROMPTS: '0' }).profilePrompts).toBe(false);
    expect(readDemoEnv({ LATCH_PROFILE_PROMPTS: '1' }).profilePrompts).toBe(true);
    expect(() => readDemoEnv({ LATCH_PROFILE_PROMPTS: 'off' })).toThrow(/LATCH_PROFILE_PROMPTS must be 0/u);
  });

  it('reads LATCH_TERMS_VERSION as a positive whole number (1 by default) and refuses anything else', () => {
    expect(readDemoEnv({}).termsVersion).toBe(1);
    expect(readDemoEnv({ LATCH_TERMS_VERSION: ' 2 ' }).termsVersion).toBe(2);
    for (const bad of ['0', '-1', '1.5', 'two', '01', '1234567']) {
      expect(() => readDemoEnv({ LATCH_TERMS_VERSION: bad }), bad).toThrow(/LATCH_TERMS_VERSION must be a whole number from 1 to 999999/u);
    }
  });

  it('refuses an SMTP_FROM that is not one address', () => {
    expect(() => readDemoEnv({ SMTP_URL: 'smtp://127.0.0.1', SMTP_FROM: 'a@example.com, b@example.com' })).toThrow(/SMTP_FROM must be an address/u);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', () => {
    expect(() => readDemoEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/postgres/u);
  });
});
