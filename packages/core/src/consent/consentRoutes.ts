import express, { Router } from 'express';
import { z } from 'zod';
import { LatchError } from '../errors.ts';
import { endUser, parseInput, parseUserId, requireJson } from '../http/requestHelpers.ts';
import type { UserRepository } from '../users/userRepository.ts';
import type { ConsentService } from './createConsentService.ts';
import { RECEIPTS_MAX_LIMIT } from './consentRepository.ts';

const locale = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u).max(35);
const listQuery = z.object({ locale: locale.optional() });
const receiptsQuery = z.object({ limit: z.coerce.number().int().min(1).max(RECEIPTS_MAX_LIMIT).optional() });
const updateBody = z.strictObject({
  /** Purpose id → decision; at least one. */
  decisions: z
    .record(z.string().min(1).max(64), z.enum(['granted', 'withdrawn']))
    .refine((decisions) => Object.keys(decisions).length > 0, 'name at least one purpose')
    .refine((decisions) => Object.keys(decisions).length <= 50, 'at most 50 purposes'),
  /** Who asked: `profile` (the user, through the BFF) or `api` (the default: another back-end acting for them). */
  source: z.enum(['profile', 'api']).default('api'),
  /** The locale the user saw the purposes in; the receipt's text hash is of that text. */
  locale: locale.optional(),
});

/**
 * The consent part of the account API, on the back channel, mounted like the
 * MFA routes (the router it is mounted in authorises the caller).
 *   GET /users/:userId/consents[?locale=de]           → { purposes: UserConsent[] }
 *   PUT /users/:userId/consents  { decisions, source?, locale? } → { purposes }
 *   GET /users/:userId/consents/receipts[?limit=100]  → { receipts } (newest first)
 * Withdrawing a required purpose: 409 `required_purpose_withdrawal`; an id
 * not configured: 400 `unknown_purpose`; nothing is written either way.
 */
export function consentRoutes(options: { consent: ConsentService; users: Pick<UserRepository, 'findById'>; bodyLimit: string }): Router {
  const { consent, users } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit, strict: true });

  async function existingUser(value: unknown): Promise<string> {
    const id = parseUserId(value);
    if (!(await users.findById(id))) throw new LatchError({ status: 404, code: 'user_not_found', message: 'There is no such user.' });
    return id;
  }

  router.get('/users/:userId/consents', async function listConsents(req, res) {
    const userId = await existingUser(req.params.userId);
    const query = parseInput(listQuery, req.query, 'query');
    res.json({ purposes: await consent.list({ userId, locale: query.locale }) });
  });

  router.put('/users/:userId/consents', requireJson, json, async function updateConsents(req, res) {
    const userId = await existingUser(req.params.userId);
    const body = parseInput(updateBody, req.body);
    res.json({ purposes: await consent.update({ userId, decisions: body.decisions, source: body.source, locale: body.locale, context: endUser(req) }) });
  });

  router.get('/users/:userId/consents/receipts', async function listReceipts(req, res) {
    const userId = await existingUser(req.params.userId);
    const query = parseInput(receiptsQuery, req.query, 'query');
    res.json({ receipts: await consent.receipts({ userId, ...(query.limit ? { limit: query.limit } : {}) }) });
  });

  return router;
}
