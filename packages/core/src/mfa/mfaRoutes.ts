import express, { Router } from 'express';
import { z } from 'zod';
import { InvalidRequestError, LatchError } from '../errors.ts';
import type { RequestContext } from '../flows/flowTypes.ts';
import { END_USER_AGENT_HEADER, END_USER_IP_HEADER } from '../http/flowRoutes.ts';
import type { MfaService } from './createMfaService.ts';

const userId = z.string().min(1).max(128);
const confirmBody = z.strictObject({
  enrollmentId: z.string().regex(/^mfa_[A-Za-z0-9_-]{8,64}$/u),
  code: z.string().min(1).max(16),
});
const emptyBody = z.union([z.undefined(), z.strictObject({})]);

/**
 * The MFA part of the account API, on the back channel. The relying party
 * (the BFF) acts for a user it has authenticated and names them in the path;
 * client authentication is applied by the router this is mounted in.
 *   GET    /users/:userId/mfa                    → { factors, recoveryCodes: { remaining } }
 *   POST   /users/:userId/mfa/totp               → 201 { enrollmentId, secret, uri, qrSvg }
 *   POST   /users/:userId/mfa/totp/confirm       { enrollmentId, code } → { recoveryCodes }
 *   DELETE /users/:userId/mfa/totp               → 204
 *   POST   /users/:userId/mfa/recovery-codes     → { recoveryCodes }
 */
export function mfaRoutes(options: { mfa: MfaService; bodyLimit: string }): Router {
  const { mfa } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit, strict: true });

  router.get('/users/:userId/mfa', async function getMfaStatus(req, res) {
    res.json(await mfa.status(parseUserId(req.params.userId)));
  });

  router.post('/users/:userId/mfa/totp', optionalJson, json, async function startTotpEnrollment(req, res) {
    const id = parseUserId(req.params.userId);
    parse(emptyBody, req.body);
    res.status(201).json(await mfa.startTotpEnrollment({ userId: id, context: endUser(req) }));
  });

  router.post('/users/:userId/mfa/totp/confirm', requireJson, json, async function confirmTotpEnrollment(req, res) {
    const id = parseUserId(req.params.userId);
    const body = parse(confirmBody, req.body);
    res.json(await mfa.confirmTotpEnrollment({ userId: id, enrollmentId: body.enrollmentId, code: body.code, context: endUser(req) }));
  });

  router.delete('/users/:userId/mfa/totp', async function removeTotp(req, res) {
    await mfa.removeTotp({ userId: parseUserId(req.params.userId), context: endUser(req) });
    res.status(204).end();
  });

  router.post('/users/:userId/mfa/recovery-codes', optionalJson, json, async function regenerateRecoveryCodes(req, res) {
    const id = parseUserId(req.params.userId);
    parse(emptyBody, req.body);
    res.json(await mfa.regenerateRecoveryCodes({ userId: id, context: endUser(req) }));
  });

  return router;
}

function parseUserId(value: unknown): string {
  const result = userId.safeParse(value);
  if (!result.success) throw new LatchError({ status: 404, code: 'user_not_found', message: 'There is no such user.' });
  return result.data;
}

function requireJson(req: express.Request, _res: express.Response, next: express.NextFunction): void {
  if (!req.is('application/json')) {
    next(new LatchError({ status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' }));
    return;
  }
  next();
}

/** No body at all, or a JSON one. */
function optionalJson(req: express.Request, res: express.Response, next: express.NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody) return next();
  requireJson(req, res, next);
}

function parse<T>(schema: z.ZodType<T, unknown>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
    throw new InvalidRequestError(`Invalid request body${where}: ${issue?.message ?? 'malformed'}.`);
  }
  return result.data;
}

function endUser(req: express.Request): RequestContext {
  return {
    ip: (req.get(END_USER_IP_HEADER) ?? req.ip ?? 'unknown').slice(0, 64),
    userAgent: (req.get(END_USER_AGENT_HEADER) ?? req.get('user-agent') ?? '').slice(0, 512),
  };
}
