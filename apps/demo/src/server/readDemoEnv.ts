import path from 'node:path';

export interface DemoEnv {
  port: number;
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  /** Serve the development outbox at `/dev/outbox` and `/dev/mail`: outside production, unless `LATCH_DEV_MAIL=0`. */
  devMail: boolean;
  /** Send mail through SMTP (`SMTP_URL`, `SMTP_FROM`) instead of the database outbox. */
  smtp?: { url: string; from: string };
  /**
   * `LATCH_STEP_UP_MAX_AGE`: seconds a sign-in stays recent enough to remove
   * the authenticator app or regenerate recovery codes (the BFF's
   * `stepUpMaxAgeSeconds`, 600 by default). For development and tests: a
   * small value shows the "Confirm it's you" step at once.
   */
  stepUpMaxAgeSeconds?: number;
  /**
   * `LATCH_PROFILE_PROMPTS=0` turns off the progressive-profiling prompts that
   * interrupt sign-in (the work-details prompt at the 2nd sign-in); profile
   * fields and the checkout's on-demand prompt stay. On (1) by default; the
   * e2e suite turns it off except in the spec about it.
   */
  profilePrompts: boolean;
  /**
   * `LATCH_EMAIL_CODE_TTL_SECONDS`: how long an emailed code or link works
   * (the core's `emailCodes.ttlSeconds`, 900 by default; 5…3600). For
   * development and tests: a small value lets a code expire while you watch.
   */
  emailCodeTtlSeconds?: number;
  /** `LATCH_TERMS_VERSION`: the version of the required terms-of-service purpose (1 by default); raising it asks every user again at the next sign-in. */
  termsVersion: number;
}

export const DEFAULT_SMTP_FROM = '"Acme Notes" <no-reply@localhost>';

/**
 * Reads PORT, LATCH_DATA_DIR, DATABASE_URL, REDIS_URL, NODE_ENV,
 * LATCH_DEV_MAIL, SMTP_URL, SMTP_FROM, LATCH_STEP_UP_MAX_AGE, LATCH_PROFILE_PROMPTS, LATCH_EMAIL_CODE_TTL_SECONDS and LATCH_TERMS_VERSION; throws a readable message for bad
 * values (never quoting SMTP_URL, which usually holds a password).
 */
export function readDemoEnv(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): DemoEnv {
  const rawPort = env.PORT?.trim() || '3000';
  if (!/^\d{1,5}$/u.test(rawPort) || Number(rawPort) > 65535) {
    throw new Error(`PORT must be a number from 0 to 65535, not "${rawPort}".`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//u.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL.');
  }
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//u.test(redisUrl)) {
    throw new Error('REDIS_URL must be a redis:// or rediss:// URL.');
  }
  const devMailSwitch = env.LATCH_DEV_MAIL?.trim() || undefined;
  if (devMailSwitch !== undefined && devMailSwitch !== '0' && devMailSwitch !== '1') {
    throw new Error('LATCH_DEV_MAIL must be 0 (no development outbox pages) or 1 (the default outside production).');
  }
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !isSmtpUrl(smtpUrl)) {
    throw new Error(
      'SMTP_URL must be an smtp:// or smtps:// URL with a host, e.g. smtps://user:password@smtp.example.com:465 (percent-encode reserved characters in the user name and password).',
    );
  }
  const smtpFrom = env.SMTP_FROM?.trim() || DEFAULT_SMTP_FROM;
  if (!/^(?:[^\r\n<>@]*<[^\s<>@,;]+@[^\s<>@,;]+>|[^\s<>@,;"]+@[^\s<>@,;"]+)$/u.test(smtpFrom)) {
    throw new Error(`SMTP_FROM must be an address such as no-reply@example.com or "Acme Notes" <no-reply@example.com>, not "${smtpFrom}".`);
  }
  const profilePrompts = env.LATCH_PROFILE_PROMPTS?.trim() || undefined;
  if (profilePrompts !== undefined && profilePrompts !== '0' && profilePrompts !== '1') {
    throw new Error('LATCH_PROFILE_PROMPTS must be 0 (no prompts during sign-in) or 1 (the default).');
  }
  const stepUp = env.LATCH_STEP_UP_MAX_AGE?.trim() || undefined;
  if (stepUp !== undefined && !/^\d{1,7}$/u.test(stepUp)) {
    throw new Error(`LATCH_STEP_UP_MAX_AGE must be a whole number of seconds, not "${stepUp}".`);
  }
  const codeTtl = env.LATCH_EMAIL_CODE_TTL_SECONDS?.trim() || undefined;
  if (codeTtl !== undefined && (!/^\d{1,4}$/u.test(codeTtl) || Number(codeTtl) < 5 || Number(codeTtl) > 3600)) {
    throw new Error(`LATCH_EMAIL_CODE_TTL_SECONDS must be a whole number of seconds from 5 to 3600, not "${codeTtl}".`);
  }
  const termsVersion = env.LATCH_TERMS_VERSION?.trim() || '1';
  if (!/^[1-9]\d{0,5}$/u.test(termsVersion)) {
    throw new Error(`LATCH_TERMS_VERSION must be a whole number from 1 to 999999, not "${termsVersion}".`);
  }
  return {
    port: Number(rawPort),
    dataDir: path.resolve(cwd, env.LATCH_DATA_DIR?.trim() || '.latch'),
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    devMail: env.NODE_ENV !== 'production' && devMailSwitch !== '0',
    ...(smtpUrl ? { smtp: { url: smtpUrl, from: smtpFrom } } : {}),
    ...(stepUp !== undefined ? { stepUpMaxAgeSeconds: Number(stepUp) } : {}),
    profilePrompts: profilePrompts !== '0',
    ...(codeTtl !== undefined ? { emailCodeTtlSeconds: Number(codeTtl) } : {}),
    termsVersion: Number(termsVersion),
  };
}

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}
