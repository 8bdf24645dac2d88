import express, { Router } from 'express';
import { z } from 'zod';
import type Provider from 'oidc-provider';
import { InteractionNotFoundError, LatchError } from '../errors.ts';
import type { FlowEngine } from '../flows/createFlowEngine.ts';
import { FLOW_TYPES } from '../flows/flowTypes.ts';
import { endUser, parseInput, requireJson } from './requestHelpers.ts';

/** Values are short strings; anything else is refused before a step sees it. */
const createFlowBody = z.strictObject({
  type: z.enum(FLOW_TYPES as [string, ...string[]]),
  interaction: z.string().min(1).max(128),
  /** The locale server-given labels (profile fields) are rendered in; English otherwise. */
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u).optional(),
  /** Sign-in for an organization (its id or slug, e.g. from an invitation): preselected at the `organization` step when the user is a member. */
  organization: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/u).optional(),
});

const submissionBody = z.strictObject({
  step: z.string().min(1).max(64),
  action: z.string().min(1).max(64),
  // 8 KiB: a serialised passkey answer (WebAuthn assertion JSON) is the largest value, usually 1–2 KiB.
  values: z.record(z.string().max(64), z.string().max(8192)).default({}),
});

const flowId = z.string().regex(/^flow_[A-Za-z0-9_-]{16,64}$/u);

export { END_USER_AGENT_HEADER, END_USER_IP_HEADER } from './requestHelpers.ts';

/**
 * The flow API, for authenticated relying parties (the BFF) only:
 *   POST /flows              { type, interaction } → 201 Flow
 *   GET  /flows/:id          → Flow
 *   POST /flows/:id/submit   { step, action, values } → Flow & { redirectTo? } | 422 { error, flow }
 */
export function flowRoutes(options: { engine: FlowEngine; provider: Provider; bodyLimit: string }): Router {
  const { engine, provider } = options;
  const router = Router();
  const json = express.json({ limit: options.bodyLimit, strict: true });

  router.post('/flows', requireJson, json, async function createFlow(req, res) {
    const body = parseInput(createFlowBody, req.body);
    const interaction = await provider.Interaction.find(body.interaction);
    if (!interaction || interaction.params.client_id !== res.locals.clientId) throw new InteractionNotFoundError();
    const flow = await engine.create({ type: body.type as (typeof FLOW_TYPES)[number], interactionUid: interaction.uid, clientId: res.locals.clientId as string, ...(body.locale ? { locale: body.locale } : {}), ...(body.organization ? { organizationHint: body.organization } : {}) });
    res.status(201).json(flow);
  });

  router.get('/flows/:id', async function getFlow(req, res) {
    res.json(await engine.get({ id: parseFlowId(req.params.id) }));
  });

  router.post('/flows/:id/submit', requireJson, json, async function submitFlow(req, res) {
    const id = parseFlowId(req.params.id);
    const submission = parseInput(submissionBody, req.body);
    const { flow, redirectTo } = await engine.submit({ id, submission, context: endUser(req) });
    res.json(redirectTo ? { ...flow, redirectTo } : flow);
  });

  return router;
}

function parseFlowId(id: unknown): string {
  const result = flowId.safeParse(id);
  if (!result.success) throw new LatchError({ status: 404, code: 'flow_not_found', message: 'There is no such flow.' });
  return result.data;
}
