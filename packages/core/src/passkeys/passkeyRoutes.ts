import express, { Router } from 'express';
import { z } from 'zod';
import { LatchError } from '../errors.ts';
import type { PasskeyService } from './createPasskeyService.ts';
import { endUser, parseInput, parseUserId, requireJson } from '../http/requestHelpers.ts';

const passkeyId = z.string().regex(/^pk_[A-Za-z0-9_-]{8,64}$/u);
const registerBody = z.strictObject({
  // The PublicKeyCredential as @simplewebauthn/browser's startRegistration() answers it; checked by the service.
  response: z.record(z.string(), z.unknown()),
  name: z.string().max(64).optional(),
});

/**
 * Passkeys in the account API, on the back channel (client authentication
 * is applied by the router this is mounted in):
 *   POST   /users/:userId/passkeys/registration-options → creation options (challenge stored, single use, 5 minutes)
 *   POST   /users/:userId/passkeys      { response, name? } → 201 passkey
 *   GET    /users/:userId/passkeys      → { passkeys }
 *   DELETE /users/:userId/passkeys/:id  → 204
 */
export function passkeyRoutes(options: { passkeys: PasskeyService; bodyLimit: string }): Router {
  const { passkeys } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit, strict: true });

  router.post('/users/:userId/passkeys/registration-options', async function passkeyRegistrationOptions(req, res) {
    res.json(await passkeys.registrationOptions({ userId: parseUserId(req.params.userId) }));
  });

  router.post('/users/:userId/passkeys', requireJson, json, async function addPasskey(req, res) {
    const id = parseUserId(req.params.userId);
    const body = parseInput(registerBody, req.body);
    res.status(201).json(await passkeys.register({ userId: id, response: body.response, name: body.name, context: endUser(req) }));
  });

  router.get('/users/:userId/passkeys', async function listPasskeys(req, res) {
    res.json({ passkeys: await passkeys.list(parseUserId(req.params.userId)) });
  });

  router.delete('/users/:userId/passkeys/:id', async function removePasskey(req, res) {
    const id = passkeyId.safeParse(req.params.id);
    if (!id.success) throw new LatchError({ status: 404, code: 'passkey_not_found', message: 'There is no such passkey.' });
    await passkeys.remove({ userId: parseUserId(req.params.userId), id: id.data, context: endUser(req) });
    res.status(204).end();
  });

  return router;
}
