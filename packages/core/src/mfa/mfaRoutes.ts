import express, { Router } from 'express';
import { z } from 'zod';
import type { MfaService } from './createMfaService.ts';
import { endUser, optionalJson, parseInput, parseUserId, requireJson } from '../http/requestHelpers.ts';

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
    parseInput(emptyBody, req.body);
    res.status(201).json(await mfa.startTotpEnrollment({ userId: id, context: endUser(req) }));
  });

  router.post('/users/:userId/mfa/totp/confirm', requireJson, json, async function confirmTotpEnrollment(req, res) {
    const id = parseUserId(req.params.userId);
    const body = parseInput(confirmBody, req.body);
    res.json(await mfa.confirmTotpEnrollment({ userId: id, enrollmentId: body.enrollmentId, code: body.code, context: endUser(req) }));
  });

  router.delete('/users/:userId/mfa/totp', async function removeTotp(req, res) {
    await mfa.removeTotp({ userId: parseUserId(req.params.userId), context: endUser(req) });
    res.status(204).end();
  });

  router.post('/users/:userId/mfa/recovery-codes', optionalJson, json, async function regenerateRecoveryCodes(req, res) {
    const id = parseUserId(req.params.userId);
    parseInput(emptyBody, req.body);
    res.json(await mfa.regenerateRecoveryCodes({ userId: id, context: endUser(req) }));
  });

  return router;
}
