import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedBffConfig } from '../config.ts';
import { BffError } from './BffError.ts';
import { createCoreApi } from './createCoreApi.ts';

describe('createCoreApi', () => {
  let server: Server;
  let api: ReturnType<typeof createCoreApi>;
  const endUser = { ip: '192.0.2.1', userAgent: 'vitest' };

  beforeAll(async () => {
    const app = express();
    app.post('/step-failed', (_req, res) => {
      res.status(503).json({ error: { code: 'flow_step_failed', message: 'That did not go through and nothing was changed. Please try again.' } });
    });
    app.post('/crashed', (_req, res) => {
      res.status(500).json({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } });
    });
    app.post('/limited', (_req, res) => {
      res.status(429).set('retry-after', '840').json({ error: { code: 'rate_limited', message: 'Too many attempts.' } });
    });
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const { port } = server.address() as AddressInfo;
    api = createCoreApi({ coreApiUrl: `http://127.0.0.1:${port}`, clientId: 'app', clientSecret: 's'.repeat(32) } as ResolvedBffConfig);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function failure(path: string): Promise<BffError> {
    const error = await api.call('POST', path, { endUser }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BffError);
    return error as BffError;
  }

  it('passes a rolled-back step (503 flow_step_failed) through, so the browser can say "try again"', async () => {
    expect(await failure('/step-failed')).toMatchObject({ status: 503, code: 'flow_step_failed' });
  });

  it('hides any other core failure behind 502 core_unavailable', async () => {
    expect(await failure('/crashed')).toMatchObject({ status: 502, code: 'core_unavailable' });
  });

  it('keeps Retry-After on a 429', async () => {
    expect(await failure('/limited')).toMatchObject({ status: 429, code: 'rate_limited', headers: { 'retry-after': '840' } });
  });
});
