import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { endUser, parseInput, parseUserId, requireJson } from '../http/requestHelpers.ts';
import { brandingSettingsSchema } from './brandingSettings.ts';
import { BrandingError } from './resolveBranding.ts';
import type { BrandingService } from './createBrandingService.ts';

const idParam = z.string().min(1).max(128);
const resolveQuery = z.strictObject({ organization: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/u, 'must be an organization slug').optional() });

function organizationId(req: Request): string {
  const result = idParam.safeParse(req.params.organizationId);
  if (!result.success) throw new BrandingError({ status: 404, code: 'org_not_found', message: 'There is no such organization.' });
  return result.data;
}

/**
 * Runtime branding. The first two are account API routes (the admin's bearer
 * token, checked by `authenticateCaller` in front); the last takes client
 * credentials and is what the BFF's public `GET /auth/branding` asks:
 *
 *   GET /users/:u/organizations/:o/branding  → { settings, resolved }   (org:update)
 *   PUT /users/:u/organizations/:o/branding  settings → { settings, resolved }
 *   GET /branding?organization=<slug>         → resolved (calling client's branding, the org's over it)
 */
export function brandingRoutes(options: { branding: BrandingService; bodyLimit: string }): Router {
  const { branding } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit, strict: true });

  router.get('/users/:userId/organizations/:organizationId/branding', async function getBranding(req, res) {
    res.json(await branding.get({ userId: parseUserId(req.params.userId), organizationId: organizationId(req) }));
  });

  router.put('/users/:userId/organizations/:organizationId/branding', requireJson, json, async function putBranding(req, res) {
    const userId = parseUserId(req.params.userId);
    const id = organizationId(req);
    const settings = parseInput(brandingSettingsSchema, req.body);
    res.json(await branding.put({ userId, organizationId: id, settings, context: endUser(req) }));
  });

  router.get('/branding', async function resolveBranding(req, res) {
    const { organization } = parseInput(resolveQuery, req.query, 'query');
    const clientId = typeof res.locals.clientId === 'string' ? res.locals.clientId : undefined;
    res.json(await branding.resolve({ organizationSlug: organization, clientId }));
  });

  return router;
}
