import express, { Router } from 'express';
import { accountOf } from '../http/authenticateAccount.ts';
import { z } from 'zod';
import { EMAIL_MAX_LENGTH } from '../users/email.ts';
import { endUser, optionalJson, parseInput, parseUserId, requireJson } from '../http/requestHelpers.ts';
import type { AccountService } from './createAccountService.ts';

const emailChangeBody = z.strictObject({ email: z.string().min(1).max(EMAIL_MAX_LENGTH) });
const confirmBody = z.union([
  z.strictObject({ code: z.string().min(1).max(16) }),
  z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/u) }),
]);
const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024).optional(),
  newPassword: z.string().min(1).max(1024),
});
const emptyBody = z.union([z.undefined(), z.strictObject({})]);

/**
 * The self-service part of the account API, on the back channel; the
 * relying party names the user it acts for in the path, and the router this
 * is mounted in authenticates the caller with the user's bearer access
 * token (`authenticateAccount`), so a token only ever reaches its own user.
 *   GET    /users/:userId/account                → AccountSummary
 *   POST   /users/:userId/email-change           { email } → 202 { pendingEmail, expiresAt }
 *   POST   /users/:userId/email-change/confirm   { code } | { token } → { email }
 *   DELETE /users/:userId/email-change           → 204
 *   POST   /users/:userId/password               { currentPassword?, newPassword } → 204
 *   GET    /users/:userId/export                 → { exportedAt, userId, sections }
 *   DELETE /users/:userId                        → 204 (erasure; see the README)
 */
export function accountRoutes(options: { account: AccountService; bodyLimit: string }): Router {
  const { account } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit, strict: true });
  const clientId = (res: express.Response) => (typeof res.locals.clientId === 'string' ? res.locals.clientId : undefined);

  router.get('/users/:userId/account', async function getAccount(req, res) {
    res.json(await account.summary(parseUserId(req.params.userId)));
  });

  router.post('/users/:userId/email-change', requireJson, json, async function requestEmailChange(req, res) {
    const userId = parseUserId(req.params.userId);
    const body = parseInput(emailChangeBody, req.body);
    res.status(202).json(await account.requestEmailChange({ userId, email: body.email, clientId: clientId(res), context: endUser(req) }));
  });

  router.post('/users/:userId/email-change/confirm', requireJson, json, async function confirmEmailChange(req, res) {
    const userId = parseUserId(req.params.userId);
    const body = parseInput(confirmBody, req.body);
    res.json(await account.confirmEmailChange({ userId, ...body, clientId: clientId(res), context: endUser(req) }));
  });

  router.delete('/users/:userId/email-change', async function cancelEmailChange(req, res) {
    await account.cancelEmailChange(parseUserId(req.params.userId));
    res.status(204).end();
  });

  router.post('/users/:userId/password', requireJson, json, async function changePassword(req, res) {
    const userId = parseUserId(req.params.userId);
    const body = parseInput(passwordBody, req.body);
    // The sign-in this change is made from keeps its grant; every other one ends.
    const keepGrantId = accountOf(res).grantId;
    await account.changePassword({ userId, ...body, keepGrantId, clientId: clientId(res), context: endUser(req) });
    res.status(204).end();
  });

  router.get('/users/:userId/export', async function exportData(req, res) {
    res.json(await account.exportData(parseUserId(req.params.userId)));
  });

  router.delete('/users/:userId', optionalJson, json, async function deleteAccount(req, res) {
    const userId = parseUserId(req.params.userId);
    parseInput(emptyBody, req.body);
    await account.deleteAccount({ userId, context: endUser(req) });
    res.status(204).end();
  });

  return router;
}
