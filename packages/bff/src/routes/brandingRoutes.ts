import { Router, type Request } from 'express';
import { z } from 'zod';
import { BffError } from '../http/BffError.ts';
import type { CoreApi } from '../http/createCoreApi.ts';
import type { ResolvedBffConfig } from '../config.ts';
import { jsonBodyReader, type AccountRouteDeps } from './accountRouteHelpers.ts';
import { endUser } from './flowRoutes.ts';

const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/u);
const query = z.strictObject({ organization: slug.optional() });
const idPattern = /^[A-Za-z0-9_-]{1,128}$/u;

// Shapes only on the way in: the core validates every field with its own stable codes.
const settingsBody = z.strictObject({
  baseTheme: z.string().max(32).nullable().optional(),
  logoUrl: z.string().max(2048).nullable().optional(),
  displayName: z.string().max(200).nullable().optional(),
  colors: z.strictObject({ primary: z.string().max(16).nullable().optional(), link: z.string().max(16).nullable().optional() }).optional(),
  copy: z.strictObject({ signInHeading: z.string().max(200).nullable().optional(), signUpHeading: z.string().max(200).nullable().optional() }).optional(),
});

/**
 * The core's answer, checked again before it reaches a page that will put
 * it into `style.setProperty()`: property names are `--latch-*` identifiers,
 * values carry nothing that could end a declaration or open a rule.
 */
const cssValue = z.string().max(200).regex(/^[^;{}<>\\]*$/u);
export const publicBrandingSchema = z.strictObject({
  organization: z.strictObject({ slug, name: z.string().max(200) }).nullable(),
  displayName: z.string().max(200).nullable(),
  logoUrl: z
    .string()
    .max(2048)
    .regex(/^(?:https:\/\/|\/(?!\/))[^\s"'()<>\\]*$/u)
    .nullable(),
  baseTheme: z.string().regex(/^[a-z]{1,32}$/u),
  properties: z.record(z.string().regex(/^--latch-[a-z0-9-]{1,100}$/u), cssValue),
  copy: z.strictObject({ signInHeading: z.string().max(200).nullable(), signUpHeading: z.string().max(200).nullable() }),
});
export type PublicBranding = z.output<typeof publicBrandingSchema>;

function organizationFor(req: Request, config: ResolvedBffConfig): string | undefined {
  const parsed = query.safeParse(req.query);
  if (!parsed.success) throw new BffError({ status: 400, code: 'invalid_request', message: 'Invalid request query: "organization" must be an organization slug such as "acme".' });
  return parsed.data.organization ?? config.brandingHosts[req.hostname.toLowerCase()];
}

/**
 * Runtime branding:
 *   GET /auth/branding[?organization=<slug>]     → the resolved theme (public; cached)
 *   GET /auth/organizations/:o/branding          → { settings, resolved }  (admins)
 *   PUT /auth/organizations/:o/branding          settings → { settings, resolved }  (admins; CSRF-checked)
 * Without `?organization=`, the request's host picks one through
 * `brandingHosts`; with neither, the app's own (client) branding. An unknown
 * slug is 404 `branding_not_found`; a colour that cannot keep AA contrast,
 * 422 `brand_color_contrast`.
 */
export function brandingRoutes(deps: Pick<AccountRouteDeps, 'config' | 'accountRequest'> & { core: CoreApi }): Router {
  const { config, core, accountRequest } = deps;
  const router = Router();
  const readJsonBody = jsonBodyReader(config);
  const org = (req: Request): string => {
    const value = req.params.organizationId;
    if (typeof value !== 'string' || !idPattern.test(value)) throw new BffError({ status: 404, code: 'org_not_found', message: 'There is no such organization.' });
    return value;
  };

  router.get('/branding', async function getPublicBranding(req, res) {
    const organization = organizationFor(req, config);
    const answer = await core.call('GET', organization === undefined ? '/branding' : `/branding?organization=${encodeURIComponent(organization)}`, { endUser: endUser(req) });
    const parsed = publicBrandingSchema.safeParse(answer);
    if (!parsed.success) throw new BffError({ status: 502, code: 'core_unavailable', message: 'The identity service answered with branding the BFF will not serve.' });
    // Public and the same for everyone: shared caches may keep it; the host picks the organization when no slug is given.
    res.set('cache-control', `public, max-age=${config.brandingMaxAgeSeconds}`);
    res.vary('host');
    res.json(parsed.data);
  });

  router.get('/organizations/:organizationId/branding', async function getBranding(req, res) {
    res.json(await accountRequest(req, 'GET', `/organizations/${org(req)}/branding`));
  });

  router.put('/organizations/:organizationId/branding', async function putBranding(req, res) {
    const id = org(req);
    const body = await readJsonBody(req, res, settingsBody);
    res.json(await accountRequest(req, 'PUT', `/organizations/${id}/branding`, body));
  });

  return router;
}
