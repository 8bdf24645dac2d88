import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createCore } from '@latch/core';
import { TEST_ARGON2 } from '../testing/startTestCore.ts';

const options = {
  issuer: 'http://127.0.0.1:1/oidc',
  dataDir: 'memory://',
  clients: [{ clientId: 'retention-app', redirectUris: ['http://127.0.0.1:1/callback'] }],
  argon2: TEST_ARGON2,
  logger: pino({ level: 'silent' }),
};

describe('audit.retentionDays', () => {
  it('is what core.pruneExpired() keeps audit events for', async () => {
    const core = await createCore({ ...options, audit: { retentionDays: 30 } });
    try {
      const day = 86_400_000;
      await core.db
        .insertInto('latch_audit_events')
        .values([29, 31].map((days) => ({ type: 'sign_in.failed', occurred_at: new Date(Date.now() - days * day), details: '{}' })))
        .execute();
      expect(await core.pruneExpired()).toMatchObject({ auditEvents: 1 });
      expect((await core.audit.list()).events).toHaveLength(1);
    } finally {
      await core.close();
    }
  });

  it('is validated at start-up', async () => {
    await expect(createCore({ ...options, audit: { retentionDays: 0 } })).rejects.toThrow(/audit\.retentionDays/u);
    // @ts-expect-error -- a typo is caught, not ignored
    await expect(createCore({ ...options, audit: { retentionDay: 30 } })).rejects.toThrow(/audit/u);
  });
});
