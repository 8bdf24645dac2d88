import { randomBytes } from 'node:crypto';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import {
  FlowCompletedError,
  FlowExpiredError,
  FlowNotFoundError,
  InvalidRequestError,
  LatchError,
  RateLimitedError,
  StepMismatchError,
} from '../errors.ts';
import { runInTransaction } from '../storage/ambientTransaction.ts';
import { auditFlowSubmission } from '../audit/auditFlowSubmission.ts';
import type { AuditRecorder } from '../audit/createAuditLog.ts';
import type { Flow, FlowMessage, FlowSubmission, FlowType, RequestContext } from './flowTypes.ts';
import type { FlowPrivateState, StepDefinition, StepDependencies, StepOutcome } from './stepDefinition.ts';
import { signInSteps } from './signInSteps.ts';
import { signUpSteps } from './signUpSteps.ts';
import { recoverySteps } from './recoverySteps.ts';
import { profileStep } from '../profile/profileStep.ts';
import type { ProfilePrompt } from '../profile/createProfileService.ts';
import { consentStepIfDue, consentSteps } from '../consent/consentSteps.ts';
import { organizationStepIfDue, organizationSteps } from '../organizations/organizationSteps.ts';

/** `completedEvent` names the audit event of a completed flow (`<flow>.succeeded` unless said otherwise). */
const stepsByType: Record<FlowType, { first: string; steps: Record<string, StepDefinition>; completedEvent?: string }> = {
  // `consent` is inserted when a required purpose's version rose, then `organization` (and its policy's steps) for a member of organizations;
  // `profile` (a progressive-profiling prompt) is inserted by the engine once a sign-in or sign-up has proved the account.
  'sign-in': { first: 'identifier', steps: { ...signInSteps, ...consentSteps, ...organizationSteps, profile: profileStep } },
  'sign-up': { first: 'credentials', steps: { ...signUpSteps, profile: profileStep } },
  recovery: { first: 'recovery-identifier', steps: { ...recoverySteps, ...consentSteps }, completedEvent: 'completed' },
  profile: { first: 'profile', steps: { profile: profileStep }, completedEvent: 'completed' },
};

/**
 * A step failed for a reason of ours (a database error, a bug): everything it
 * wrote was rolled back, so submitting again is safe. The cause is logged by
 * the error handler, never sent.
 */
export class FlowStepFailedError extends LatchError {
  constructor(cause: unknown) {
    super({ status: 503, code: 'flow_step_failed', message: 'That did not go through and nothing was changed. Please try again.', expose: true, cause });
  }
}

/** The values of a submission that was refused: the flow to render again, with its messages. */
export class FlowValidationError extends LatchError {
  readonly flow: Flow;
  constructor(flow: Flow, message: FlowMessage | undefined) {
    super({
      status: 422,
      code: message?.code ?? 'invalid_values',
      message: message?.text ?? 'Some values need attention.',
    });
    this.flow = flow;
  }
}

export interface FlowCompletion {
  accountId: string;
  amr: string[];
  interactionUid: string;
  /** The organization chosen at sign-in's `organization` step (`null`: the personal account); absent when none was asked. */
  organizationId?: string | null;
}

export interface FlowEngineOptions {
  db: CoreDatabase;
  deps: StepDependencies;
  ttlSeconds: number;
  /** Finishes the OIDC login the flow belongs to; returns the URL that resumes it. */
  completeInteraction: (completion: FlowCompletion) => Promise<string>;
  /** Where sign-in/sign-up successes, refusals and rate limits are recorded; see `auditFlowSubmission`. */
  audit?: AuditRecorder;
  now?: () => Date;
}

export interface FlowEngine {
  /** `clientId` is the relying party starting the flow; it picks the links put in emails. */
  create(options: { type: FlowType; interactionUid: string; clientId?: string; locale?: string; organizationHint?: string }): Promise<Flow>;
  /**
   * An on-demand `profile` flow for a signed-in user (no OIDC login behind
   * it): at the `profile` step with `prompt`, or already complete when there
   * is nothing to ask.
   */
  createProfile(options: { accountId: string; prompt: ProfilePrompt | undefined; locale?: string }): Promise<Flow>;
  get(options: { id: string }): Promise<Flow>;
  /** Answers the current step; resolves with the next state or throws `FlowValidationError`. */
  submit(options: { id: string; submission: FlowSubmission; context: RequestContext }): Promise<{ flow: Flow; redirectTo?: string }>;
}

interface FlowRow {
  id: string;
  type: FlowType;
  interactionUid: string;
  state: FlowPrivateState;
  expiresAt: Date;
  completedAt: Date | null;
}

export function createFlowEngine(options: FlowEngineOptions): FlowEngine {
  const { db, deps } = options;
  const now = options.now ?? (() => new Date());

  async function load(id: string): Promise<FlowRow> {
    const row = await db.selectFrom('latch_flows').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !isFlowType(row.type)) throw new FlowNotFoundError();
    const flow: FlowRow = {
      id: row.id,
      type: row.type,
      interactionUid: row.interaction_uid,
      state: row.state as unknown as FlowPrivateState,
      expiresAt: new Date(row.expires_at),
      completedAt: row.completed_at ? new Date(row.completed_at) : null,
    };
    if (!flow.completedAt && flow.expiresAt.getTime() <= now().getTime()) throw new FlowExpiredError();
    return flow;
  }

  function render(row: FlowRow, fieldMessages: Record<string, FlowMessage[]> = {}, flowMessages: FlowMessage[] = []): Flow {
    const base = { id: row.id, type: row.type, expiresAt: row.expiresAt.toISOString(), messages: flowMessages };
    if (row.completedAt) return { ...base, state: 'complete', step: null };
    const definition = stepOf(row.type, row.state.step);
    if (!definition) throw new LatchError({ status: 500, code: 'flow_corrupt', message: `Unknown step ${row.state.step}` });
    const webauthn = definition.webauthn?.(row.state, deps);
    return {
      ...base,
      state: 'active',
      step: {
        name: row.state.step,
        fields: definition.fields(row.state, deps).map((field) => ({ ...field, messages: fieldMessages[field.name] ?? [] })),
        actions: definition.actionsFor?.(row.state, deps) ?? definition.actions,
        ...(webauthn ? { webauthn } : {}),
      },
    };
  }

  /** A state as it enters its step: the step's `enter` hook may add to it (a fresh challenge). */
  function entered(type: FlowType, state: FlowPrivateState): FlowPrivateState {
    return stepOf(type, state.step)?.enter?.(state, deps) ?? state;
  }

  /** The language belongs to the flow, not to a step: steps build their next state without it, so it is carried here. */
  function keepLocale(next: FlowPrivateState, previous: FlowPrivateState): FlowPrivateState {
    return previous.locale && next.locale === undefined ? { ...next, locale: previous.locale } : next;
  }

  return {
    async create({ type, interactionUid, clientId, locale, organizationHint }) {
      const created = now();
      const row: FlowRow = {
        id: `flow_${randomBytes(18).toString('base64url')}`,
        type,
        interactionUid,
        state: entered(type, {
          step: stepsByType[type].first,
          ...(clientId ? { clientId } : {}),
          ...(locale ? { locale } : {}),
          ...(organizationHint && type === 'sign-in' ? { organizationHint } : {}),
        }),
        expiresAt: new Date(created.getTime() + options.ttlSeconds * 1000),
        completedAt: null,
      };
      await db
        .insertInto('latch_flows')
        .values({
          id: row.id,
          type,
          interaction_uid: interactionUid,
          state: JSON.stringify(row.state),
          created_at: created,
          expires_at: row.expiresAt,
        })
        .execute();
      return render(row);
    },

    async createProfile({ accountId, prompt, locale }) {
      const created = now();
      const row: FlowRow = {
        id: `flow_${randomBytes(18).toString('base64url')}`,
        type: 'profile',
        interactionUid: '',
        state: { step: 'profile', accountId, amr: [], ...(prompt ? { profilePrompt: prompt } : {}), ...(locale ? { locale } : {}) },
        expiresAt: new Date(created.getTime() + options.ttlSeconds * 1000),
        completedAt: prompt ? null : created,
      };
      await db
        .insertInto('latch_flows')
        .values({ id: row.id, type: row.type, interaction_uid: '', state: JSON.stringify(row.state), created_at: created, expires_at: row.expiresAt, completed_at: row.completedAt })
        .execute();
      return render(row);
    },

    async get({ id }) {
      return render(await load(id));
    },

    async submit({ id, submission, context }) {
      // One transaction per submission: the step's writes (a new user, a
      // password, a used code, a queued email), the flow-state save and the
      // OIDC login it completes land together or not at all. Refusals and
      // rate limits commit too (their counters and burnt challenges must
      // stay); anything thrown rolls everything back.
      let result: { answer: { flow: Flow; redirectTo?: string } } | { refusal: LatchError };
      try {
        result = await runInTransaction(db, () => submitInTransaction(id, submission, context));
      } catch (error) {
        if (error instanceof LatchError) throw error;
        throw new FlowStepFailedError(error);
      }
      if ('refusal' in result) throw result.refusal;
      return result.answer;
    },
  };

  async function submitInTransaction(
    id: string,
    submission: FlowSubmission,
    context: RequestContext,
  ): Promise<{ answer: { flow: Flow; redirectTo?: string } } | { refusal: LatchError }> {
    const row = await load(id);
    if (row.completedAt) throw new FlowCompletedError();
    const definition = stepOf(row.type, submission.step);
    if (!definition) throw new InvalidRequestError(`"${submission.step}" is not a step of a ${row.type} flow.`, 'unknown_step');
    if (submission.step !== row.state.step) throw new StepMismatchError(row.state.step);
    if (!(definition.actionsFor?.(row.state, deps) ?? definition.actions).some((action) => action.name === submission.action) && !definition.hidden?.actions.includes(submission.action)) {
      throw new InvalidRequestError(`"${submission.action}" is not an action of step "${row.state.step}".`, 'unknown_action');
    }
    const known = new Set([...definition.fields(row.state, deps).map((field) => field.name), ...(definition.hidden?.fields ?? [])]);
    const unknown = Object.keys(submission.values).filter((name) => !known.has(name));
    if (unknown.length > 0) throw new InvalidRequestError(`Unknown field(s): ${unknown.join(', ')}.`, 'unknown_field');

    const audit = auditFlowSubmission({ audit: options.audit, flow: row, step: submission.step, values: submission.values, context, deps });
    let outcome: StepOutcome;
    try {
      outcome = await definition.handle({ flowId: row.id, action: submission.action, values: submission.values, state: row.state, context, deps: audit.deps, audit: audit.hook });
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      await audit.rateLimited(error);
      return { refusal: error };
    }
    // Signing in to an account whose required consents are out of date goes through the consent step first.
    if (outcome.kind === 'complete' && (row.type === 'sign-in' || row.type === 'recovery')) outcome = await consentStepIfDue(outcome, row.state, deps);
    // Then a member of organizations chooses the one the session starts in, and meets its policy.
    if (outcome.kind === 'complete' && row.type === 'sign-in') outcome = await organizationStepIfDue(outcome, row.state, deps, context);
    if (outcome.kind === 'invalid') {
      let shown = row;
      if (outcome.state) {
        shown = { ...row, state: keepLocale(outcome.state, row.state) };
        await db.updateTable('latch_flows').set({ state: JSON.stringify(shown.state) }).where('id', '=', row.id).execute();
      }
      // Refused profile values, or an organization choice refused by its policy, are not a failed sign-in: the account is already proven.
      if (submission.step !== 'profile' && submission.step !== 'organization') await audit.refused(outcome);
      const first = outcome.flowMessages[0] ?? Object.values(outcome.fieldMessages).flat()[0];
      return { refusal: new FlowValidationError(render(shown, outcome.fieldMessages, outcome.flowMessages), first) };
    }
    if (outcome.kind === 'next') {
      const next: FlowRow = { ...row, state: entered(row.type, keepLocale(withHint(row.state, outcome.state), row.state)) };
      await db.updateTable('latch_flows').set({ state: JSON.stringify(next.state) }).where('id', '=', row.id).execute();
      if (outcome.auditEvent) await audit.progressed(outcome.auditEvent);
      return { answer: { flow: render(next, {}, outcome.flowMessages ?? []) } };
    }
    // A sign-in or sign-up that proved the account: a due progressive-profiling prompt comes first.
    if ((row.type === 'sign-in' || row.type === 'sign-up') && row.state.step !== 'profile' && deps.profile) {
      const prompt = await deps.profile.promptAfterAuthentication({ trigger: row.type, userId: outcome.accountId });
      if (prompt) {
        const { clientId, locale } = row.state;
        const { organizationId } = outcome;
        const next: FlowRow = {
          ...row,
          state: {
            step: 'profile',
            accountId: outcome.accountId,
            amr: outcome.amr,
            profilePrompt: prompt,
            ...(clientId ? { clientId } : {}),
            ...(locale ? { locale } : {}),
            // Already chosen (and its policy met): not asked again when the prompt is answered.
            ...(organizationId === undefined ? {} : { organizationId }),
          },
        };
        await db.updateTable('latch_flows').set({ state: JSON.stringify(next.state) }).where('id', '=', row.id).execute();
        return { answer: { flow: render(next) } };
      }
    }
    // Mark complete first: a second submission racing this one must not log in twice.
    const completedAt = now();
    const claimed = await db
      .updateTable('latch_flows')
      // Secrets shown during the flow (a new factor's key and recovery codes) are not kept once it is over.
      .set({ completed_at: completedAt, state: JSON.stringify(withoutSecrets(row.state)) })
      .where('id', '=', row.id)
      .where('completed_at', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) throw new FlowCompletedError();
    // An on-demand profile flow has no OIDC login to finish.
    const redirectTo =
      row.type === 'profile'
        ? undefined
        : await options.completeInteraction({
            accountId: outcome.accountId,
            amr: outcome.amr,
            interactionUid: row.interactionUid,
            ...(outcome.organizationId === undefined ? {} : { organizationId: outcome.organizationId }),
          });
    await audit.completed(outcome, stepsByType[row.type].completedEvent);
    return { answer: redirectTo === undefined ? { flow: render({ ...row, completedAt }) } : { flow: render({ ...row, completedAt }), redirectTo } };
  }
}

/** The organization a sign-in was started for outlives the steps, which each build their state afresh. */
function withHint(previous: FlowPrivateState, next: FlowPrivateState): FlowPrivateState {
  return previous.organizationHint && next.organizationHint === undefined ? { ...next, organizationHint: previous.organizationHint } : next;
}

function withoutSecrets(state: FlowPrivateState): FlowPrivateState {
  const { totpEnrollment: _enrollment, recoveryCodes: _codes, ...rest } = state;
  return rest;
}

// Own properties only: a submitted step such as "constructor" or "toString"
// must read as unknown, not as a step inherited from Object.prototype.
function stepOf(type: FlowType, step: string): StepDefinition | undefined {
  const { steps } = stepsByType[type];
  return Object.hasOwn(steps, step) ? steps[step] : undefined;
}

function isFlowType(type: string): type is FlowType {
  return Object.hasOwn(stepsByType, type);
}
