import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ResolvedBffConfig } from '../config.ts';
import { BffError } from '../http/BffError.ts';
import { FLOW_COOKIE, SESSION_COOKIE, readCookie, setHostCookie } from '../http/cookies.ts';
import type { CoreApi, EndUser } from '../http/createCoreApi.ts';
import type { RelyingParty } from '../oidc/createRelyingParty.ts';
import type { FlowBindingData } from '../storage/bffSchema.ts';
import { newSecretToken, type SessionStore, type StoredSession } from '../storage/createSessionStore.ts';
import { toSessionOrganization, type CoreActiveOrganization } from './organizationRoutes.ts';

const FLOW_TYPES = ['sign-in', 'sign-up', 'recovery'] as const;
const flowIdPattern = /^flow_[A-Za-z0-9_-]{16,64}$/u;

interface CoreFlow {
  id: string;
  type?: string;
  expiresAt: string;
  state: 'active' | 'complete';
  redirectTo?: string;
}

/** The core's own pattern for locale tags; `en-US`, `de`, `pt-BR`. */
const localeTag = z.string().max(35).regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u);

/**
 * The language the core should write its own texts in (profile field labels,
 * consent purposes): `?locale=` as the elements send it (malformed → 400),
 * else the first tag of `Accept-Language`, else none (English).
 */
function flowLocale(req: Request): string | undefined {
  const query = req.query.locale;
  if (query !== undefined) {
    const parsed = localeTag.safeParse(query);
    if (!parsed.success) throw new BffError({ status: 400, code: 'invalid_request', message: 'Invalid request query: "locale" must be a locale tag such as "en" or "pt-BR".' });
    return parsed.data;
  }
  const first = req.get('accept-language')?.split(',')[0]?.split(';')[0]?.trim();
  if (!first) return undefined;
  // Browsers send `de-de` as often as `de-DE`; the core wants a lower-case language subtag.
  const [language = '', ...rest] = first.split('-');
  const parsed = localeTag.safeParse([language.toLowerCase(), ...rest].join('-'));
  return parsed.success ? parsed.data : undefined;
}

const submission = z.strictObject({
  step: z.string().min(1).max(64),
  action: z.string().min(1).max(64),
  // 8 KiB: a serialised passkey answer (WebAuthn assertion JSON) is the largest value, usually 1–2 KiB.
  values: z.record(z.string().max(64), z.string().max(8192)).default({}),
});

/**
 * The browser's side of the flow API, on the app's origin:
 *   POST /auth/flows/sign-in | /auth/flows/sign-up → 201 Flow
 *   POST /auth/flows/sign-in?reauth=1             → 201 Flow at the password step of the signed-in user (re-authentication)
 *   POST /auth/flows/:type?locale=de              → the core writes its texts (profile labels, consent purposes) in German;
 *                                                   without `locale`, the first `Accept-Language` tag is used
 *   POST /auth/flows/sign-in?organization=<slug>  → 201 Flow; the organization is preselected at the `organization` step
 *   GET  /auth/flows/:id                          → Flow
 *   POST /auth/flows/:id/submit                   → Flow | 4xx { error, flow? }
 * A flow is bound to the browser that created it by the `__Host-latch-flow`
 * cookie. When a submission completes the flow, the BFF redeems the OIDC code
 * and answers with the session cookie set.
 */
export function flowRoutes(deps: { config: ResolvedBffConfig; core: CoreApi; rp: RelyingParty; sessions: SessionStore; logger: Logger }): Router {
  const { config, core, rp, sessions } = deps;
  const router = Router();
  const json = express.json({ limit: config.bodyLimit, strict: true });

  router.post('/flows/:type', async function createFlow(req, res) {
    const type = FLOW_TYPES.find((name) => name === req.params.type);
    if (!type) throw new BffError({ status: 404, code: 'unknown_flow_type', message: 'Flows are "sign-in", "sign-up" or "recovery".' });
    const reauthenticate = type === 'sign-in' && req.query.reauth === '1' ? await currentSession(req) : undefined;
    // A re-authentication preselects the organization the session acts in, so confirming keeps it one click away.
    const organization = type !== 'sign-in' ? undefined : reauthenticate ? reauthenticate.data.organization?.id : organizationQuery(req);
    // A re-authentication asks the core for a fresh login (`max_age=0`, on top of `prompt=login`).
    const { interactionUid, binding } = await rp.startAuthorization(reauthenticate ? { maxAge: 0 } : {});
    const locale = flowLocale(req);
    let flow = (await core.call('POST', '/flows', { body: { type, interaction: interactionUid, ...(locale ? { locale } : {}), ...(organization ? { organization } : {}) }, endUser: endUser(req) })) as CoreFlow;
    if (reauthenticate?.data.email && (flow as CoreFlow & { step?: { name?: string } }).step?.name === 'identifier') {
      // The signed-in user's address, answered here: the browser shows the password step with it read-only.
      flow = (await core.call('POST', `/flows/${flow.id}/submit`, {
        body: { step: 'identifier', action: 'submit', values: { email: reauthenticate.data.email } },
        endUser: endUser(req),
      })) as CoreFlow;
    }
    const browserBinding = readCookie(req, FLOW_COOKIE) ?? newSecretToken();
    const data: FlowBindingData = reauthenticate ? { ...binding, reauthenticateUserId: reauthenticate.userId } : binding;
    await sessions.bindFlow({ flowId: flow.id, binding: browserBinding, data, expiresAt: new Date(flow.expiresAt) });
    setHostCookie(res, FLOW_COOKIE, browserBinding, { sameSite: 'strict' });
    res.status(201).json(flow);
  });

  router.get('/flows/:id', async function getFlow(req, res) {
    const { flowId } = await requireBoundFlow(req);
    res.json(await core.call('GET', `/flows/${flowId}`, { endUser: endUser(req) }));
  });

  router.post('/flows/:id/submit', requireJson, json, async function submitFlow(req, res) {
    const parsed = submission.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BffError({ status: 400, code: 'invalid_request', message: `Invalid submission${issue?.path.length ? ` at "${issue.path.join('.')}"` : ''}: ${issue?.message ?? 'malformed'}.` });
    }
    const { flowId, binding } = await requireBoundFlow(req);
    // An on-demand profile prompt is answered only by the user it asks (not after a switch of account in this browser).
    if (binding.profileUserId !== undefined && (await currentSession(req).catch(() => undefined))?.userId !== binding.profileUserId) {
      throw new BffError({ status: 404, code: 'flow_not_found', message: 'There is no such flow.' });
    }
    const flow = (await core.call('POST', `/flows/${flowId}/submit`, { body: parsed.data, endUser: endUser(req) })) as CoreFlow;
    const { redirectTo, ...publicFlow } = flow;
    if (flow.state === 'complete' && redirectTo) {
      const result = await rp.finishAuthorization({ redirectTo, binding });
      if (binding.reauthenticateUserId !== undefined && result.userId !== binding.reauthenticateUserId) {
        // A re-authentication that ended as someone else (the user went back
        // and signed in with another account): refused, so a confirmation can
        // never switch accounts silently. The current session stays as it was.
        await sessions.deleteFlowBinding(flowId);
        await rp.endCoreSession({ tokens: result.tokens, coreCookies: result.coreCookies }).catch((error: unknown) => {
          deps.logger.warn({ err: error }, 'ending the mismatched core session failed');
        });
        throw new BffError({ status: 403, code: 'reauthentication_account_mismatch', message: 'Confirm it with the account you are signed in with.' });
      }
      // A password reset signs the account out everywhere: the core has ended its
      // provider sessions and tokens; these are the BFF's own, on every instance.
      if (flow.type === 'recovery') await sessions.destroyAllForUser(result.userId);
      await signIn(res, req, result);
      await sessions.deleteFlowBinding(flowId);
    }
    res.json(publicFlow);
  });

  /**
   * Emailed links: `GET /auth/verify-email?flow=…&token=…` (sign-up) and
   * `GET /auth/sign-in-link?flow=…&token=…` (passwordless sign-in). In the
   * browser that started the flow, the link finishes it like a submission
   * would and redirects (303) to `signedInPath` signed in. Anywhere else a
   * verification link still confirms the address (the account is created),
   * then redirects to `emailLinkPath?email_link=verified`: the first tab
   * finishes the sign-up. A sign-in link opened elsewhere signs no one in
   * (`email_link=other_browser`), so a forwarded or phished link is useless.
   */
  router.get('/verify-email', emailLink('verify-email'));
  router.get('/sign-in-link', emailLink('sign-in-code'));

  /** Where an emailed link that does not end on a page of its own lands: `emailLinkPath?email_link=<outcome>`. */
  function landOnEmailLinkPage(res: Response, outcome: string): void {
    const target = new URL(config.emailLinkPath, 'http://app.invalid');
    target.searchParams.set('email_link', outcome);
    res.redirect(303, `${target.pathname}${target.search}`);
  }

  /**
   * The password-reset email's link: `GET /auth/reset-password?flow=…&token=…`.
   * Only in the browser that asked for the reset does it answer the code step
   * (as the hidden `link` action) and land on `passwordResetPath?flow=<id>`,
   * where the element resumes the flow at its `new-password` step. Anywhere
   * else nothing happens (`emailLinkPath?email_link=other_browser`): a
   * forwarded or intercepted link cannot be used to choose someone's password,
   * and the code in the same email still works in the first browser.
   */
  router.get('/reset-password', async function latchResetPasswordLink(req, res) {
    const land = (outcome: string) => landOnEmailLinkPage(res, outcome);
    const { flowId, token } = linkQuery(req);
    if (!flowId || !token) return land('invalid');
    const cookie = readCookie(req, FLOW_COOKIE);
    const binding = cookie ? await sessions.findFlowBinding({ flowId, binding: cookie }) : undefined;
    if (!binding) return land('other_browser');
    try {
      const flow = (await core.call('GET', `/flows/${flowId}`, { endUser: endUser(req) })) as CoreFlow & { step?: { name: string } | null };
      // Opened again, or fetched by a mail scanner first: the code step is already answered.
      if (flow.step?.name === 'recovery-email-code') {
        await core.call('POST', `/flows/${flowId}/submit`, { body: { step: 'recovery-email-code', action: 'link', values: { token } }, endUser: endUser(req) });
      } else if (flow.state === 'complete') {
        return land('expired');
      }
    } catch (error) {
      if (!(error instanceof BffError) || error.status >= 500) throw error;
      return land(['code_expired', 'too_many_attempts', 'flow_expired', 'flow_completed', 'step_mismatch'].includes(error.code) ? 'expired' : 'invalid');
    }
    const target = new URL(config.passwordResetPath, 'http://app.invalid');
    target.searchParams.set('flow', flowId);
    res.redirect(303, `${target.pathname}${target.search}`);
  });

  function emailLink(step: 'verify-email' | 'sign-in-code') {
    return async function latchEmailLink(req: Request, res: Response): Promise<void> {
      const land = (outcome: string) => landOnEmailLinkPage(res, outcome);
      const { flowId, token } = linkQuery(req);
      if (!flowId || !token) return land('invalid');
      const cookie = readCookie(req, FLOW_COOKIE);
      const binding = cookie ? await sessions.findFlowBinding({ flowId, binding: cookie }) : undefined;
      if (step === 'sign-in-code' && !binding) return land('other_browser');
      let flow: CoreFlow & { step?: { name: string } | null };
      try {
        flow = (await core.call('GET', `/flows/${flowId}`, { endUser: endUser(req) })) as typeof flow;
        // Opened again (or fetched by a mail scanner first): already confirmed.
        if (!(step === 'verify-email' && flow.step?.name === 'email-verified')) {
          flow = (await core.call('POST', `/flows/${flowId}/submit`, { body: { step, action: 'link', values: { token } }, endUser: endUser(req) })) as typeof flow;
        }
        if (flow.state !== 'complete' && !binding) return land('verified');
        if (flow.state !== 'complete') {
          flow = (await core.call('POST', `/flows/${flowId}/submit`, { body: { step: 'email-verified', action: 'submit', values: {} }, endUser: endUser(req) })) as typeof flow;
        }
      } catch (error) {
        if (!(error instanceof BffError) || error.status >= 500) throw error;
        return land(['code_expired', 'too_many_attempts', 'flow_expired', 'flow_completed', 'step_mismatch'].includes(error.code) ? 'expired' : 'invalid');
      }
      if (!binding || !flow.redirectTo) return land('verified');
      await signIn(res, req, await rp.finishAuthorization({ redirectTo: flow.redirectTo, binding }));
      await sessions.deleteFlowBinding(flowId);
      res.redirect(303, config.signedInPath);
    };
  }

  /** The signed-in session a re-authentication confirms; 401 `unauthenticated` without one. */
  async function currentSession(req: Request): Promise<StoredSession> {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await sessions.find(id) : undefined;
    if (!session) throw new BffError({ status: 401, code: 'unauthenticated', message: 'Sign in first.' });
    return session;
  }

  async function requireBoundFlow(req: Request): Promise<{ flowId: string; binding: FlowBindingData }> {
    const flowId = String(req.params.id);
    const cookie = readCookie(req, FLOW_COOKIE);
    const binding = flowIdPattern.test(flowId) && cookie ? await sessions.findFlowBinding({ flowId, binding: cookie }) : undefined;
    // An id that is not a flow, or a flow another browser started: the same 404.
    if (!binding) throw new BffError({ status: 404, code: 'flow_not_found', message: 'There is no such flow.' });
    return { flowId, binding };
  }

  async function signIn(res: Response, req: Request, result: Awaited<ReturnType<RelyingParty['finishAuthorization']>>): Promise<void> {
    // A new session id at every sign-in (no fixation); the old session ends.
    const previous = readCookie(req, SESSION_COOKIE);
    if (previous) await sessions.destroy(previous);
    const { id } = await sessions.create({
      userId: result.userId,
      ttlSeconds: config.sessionTtlSeconds,
      data: { email: result.email, claims: result.claims, tokens: result.tokens, coreCookies: result.coreCookies },
      device: endUser(req),
    });
    setHostCookie(res, SESSION_COOKIE, id, { sameSite: 'lax', maxAgeSeconds: config.sessionTtlSeconds });
    // The grant may start in the organization chosen at the flow's `organization` step: the session names it from the start.
    try {
      const { organization } = (await core.call('GET', `/users/${encodeURIComponent(result.userId)}/active-organization`, {
        endUser: endUser(req),
        accessToken: result.tokens.accessToken,
      })) as { organization: CoreActiveOrganization | null };
      await sessions.setOrganization(id, toSessionOrganization(organization, Date.now()));
    } catch (error) {
      // Signed in all the same; the organization guards re-check with the core within organizationRecheckSeconds.
      deps.logger.warn({ err: error }, 'reading the organization the session starts in failed');
    }
  }

  return router;
}

export function endUser(req: Request): EndUser {
  return { ip: req.ip ?? 'unknown', userAgent: (req.get('user-agent') ?? '').slice(0, 512) };
}

function requireJson(req: Request, _res: Response, next: express.NextFunction): void {
  if (!req.is('application/json')) {
    next(new BffError({ status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' }));
    return;
  }
  next();
}

/** `?organization=<id or slug>`: the organization a sign-in is started for (preselected at its `organization` step); anything malformed is dropped. */
function organizationQuery(req: Request): string | undefined {
  const value = req.query.organization;
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,128}$/u.test(value) ? value : undefined;
}

/** `?flow=…&token=…` of an emailed link; a value of the wrong shape is dropped. */
function linkQuery(req: Request): { flowId: string | undefined; token: string | undefined } {
  const flowId = typeof req.query.flow === 'string' && flowIdPattern.test(req.query.flow) ? req.query.flow : undefined;
  const token = typeof req.query.token === 'string' && /^[A-Za-z0-9_-]{16,128}$/u.test(req.query.token) ? req.query.token : undefined;
  return { flowId, token };
}
