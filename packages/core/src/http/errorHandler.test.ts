import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LatchError, RateLimitedError } from '../errors.ts';
import { FlowStepFailedError } from '../flows/createFlowEngine.ts';
import { errorHandler, notFound } from './errorHandler.ts';

describe('errorHandler', () => {
  const logger = pino({ level: 'silent' });
  const logged = vi.spyOn(logger, 'error');
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.get('/crash', () => {
      throw new Error('connection string postgres://secret@db leaked');
    });
    app.get('/hidden', () => {
      throw new LatchError({ status: 503, code: 'storage_unavailable', message: 'pool exhausted at db-7' });
    });
    app.get('/step-failed', () => {
      throw new FlowStepFailedError(new Error('duplicate key value violates unique constraint "latch_users_email_key"'));
    });
    app.get('/limited', () => {
      throw new RateLimitedError(42);
    });
    app.post('/json', express.json(), (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/flows/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    app.use(notFound, errorHandler(logger));
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a rolled-back flow step with 503 flow_step_failed, no stack or cause, and logs the cause', async () => {
    logged.mockClear();
    const response = await fetch(`${url}/step-failed`);
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { code: 'flow_step_failed', message: 'That did not go through and nothing was changed. Please try again.' } });
    expect(body).not.toMatch(/latch_users|at .*\.ts|stack/u);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(FlowStepFailedError) }), 'unhandled error in core API');
  });

  it('answers an unexpected error with 500 internal_error, a generic message, and logs the original', async () => {
    const response = await fetch(`${url}/crash`);
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } });
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), 'unhandled error in core API');
  });

  it('keeps the code but hides the message of a server-side LatchError', async () => {
    const response = await fetch(`${url}/hidden`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'storage_unavailable', message: 'Something went wrong on our side.' } });
  });

  it('sends the headers an error carries', async () => {
    const response = await fetch(`${url}/limited`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('42');
    expect(await response.json()).toEqual({ error: { code: 'rate_limited', message: 'Too many attempts. Try again in 42 seconds.' } });
  });

  it('maps body-parser failures to stable codes', async () => {
    const malformed = await fetch(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_json' } });
    const encoded = await fetch(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'br-unknown' }, body: '{}' });
    expect(encoded.status).toBe(415);
    expect(await encoded.json()).toMatchObject({ error: { code: 'unsupported_encoding' } });
  });

  it('answers unknown routes with 404 not_found', async () => {
    const response = await fetch(`${url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such route.' } });
  });

  it('answers a path parameter that is not valid percent-encoding with 400 invalid_request', async () => {
    const response = await fetch(`${url}/flows/%ZZ`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid_request', message: 'The request is malformed.' } });
  });
});
