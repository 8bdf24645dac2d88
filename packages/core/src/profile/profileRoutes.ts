import express, { Router } from 'express';
import { z } from 'zod';
import type { FlowEngine } from '../flows/createFlowEngine.ts';
import { parseInput, parseUserId, requireJson } from '../http/requestHelpers.ts';
import type { ProfileService } from './createProfileService.ts';

const locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u, 'must be a locale tag such as "en" or "de-CH"');
const localeQuery = z.object({ locale: locale.optional() });
/** Keys are checked against the declared fields by the service (unknown ones answer `unknown_field`). */
const patchBody = z.strictObject({ values: z.record(z.string().min(1).max(64), z.unknown()).refine((values) => Object.keys(values).length <= 100, 'at most 100 fields') });
const startBody = z.strictObject({ key: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/u), locale: locale.optional() });

/**
 * The profile part of the account API, on the back channel; the caller's
 * authorisation is applied by the router this is mounted in:
 *   GET   /users/:userId/profile?locale=de      → { fields: [{ key, type, label, help?, required, constraints, options?, value }] }
 *   PATCH /users/:userId/profile  { values }    → the same, updated | 400 `invalid_profile` { error: { fields } }
 *   POST  /users/:userId/profile/flows { key, locale? } → 201 Flow (an on-demand `profile` flow; `complete` at once when nothing is missing)
 */
export function profileRoutes(options: { profile: ProfileService; flows: FlowEngine; bodyLimit: string }): Router {
  const { profile, flows } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit, strict: true });

  router.get('/users/:userId/profile', async function getProfile(req, res) {
    const userId = parseUserId(req.params.userId);
    const query = parseInput(localeQuery, req.query, 'query');
    res.json(await profile.get({ userId, locale: query.locale }));
  });

  router.patch('/users/:userId/profile', requireJson, json, async function updateProfile(req, res) {
    const userId = parseUserId(req.params.userId);
    const query = parseInput(localeQuery, req.query, 'query');
    const body = parseInput(patchBody, req.body);
    res.json(await profile.update({ userId, values: body.values, locale: query.locale }));
  });

  router.post('/users/:userId/profile/flows', requireJson, json, async function startProfileFlow(req, res) {
    const userId = parseUserId(req.params.userId);
    const body = parseInput(startBody, req.body);
    const prompt = await profile.promptOnDemand({ userId, key: body.key });
    res.status(201).json(await flows.createProfile({ accountId: userId, prompt, ...(body.locale ? { locale: body.locale } : {}) }));
  });

  return router;
}

/**
 * Admin statistics, for relying parties authenticated with client credentials:
 *   GET /profile-prompts/stats → { rules: [{ id, when, fields, shown, completed, skipped, users, completionRate }] }
 */
export function profileStatsRoutes(options: { profile: ProfileService }): Router {
  const router = Router();
  router.get('/profile-prompts/stats', async function getProfilePromptStats(_req, res) {
    res.json(await options.profile.stats());
  });
  return router;
}
