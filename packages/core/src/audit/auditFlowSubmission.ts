import type { RateLimitedError } from '../errors.ts';
import type { FlowMessage, RequestContext } from '../flows/flowTypes.ts';
import type { FlowPrivateState, StepAudit, StepDependencies } from '../flows/stepDefinition.ts';
import type { RateLimiter } from '../rateLimit/createRateLimiter.ts';
import { isEmailShaped, normalizeEmail } from '../users/email.ts';
import type { AuditDetails, AuditRecorder } from './createAuditLog.ts';

export interface FlowSubmissionAudit {
  /** Passed to the step as `audit`. */
  readonly hook: StepAudit;
  /** The step's dependencies, with a rate limiter that remembers which limit refused. */
  readonly deps: StepDependencies;
  /** `account.locked` when a per-account limit refused, `rate_limited` otherwise. */
  rateLimited(error: RateLimitedError): Promise<void>;
  /** `<flow>.failed`, with the refusal's codes. */
  refused(outcome: { fieldMessages: Record<string, FlowMessage[]>; flowMessages: FlowMessage[] }): Promise<void>;
  /** `<flow>.succeeded` (or `<flow>.<event>`) for the account the flow completed as. */
  completed(outcome: { accountId: string; amr: string[] }, event?: string): Promise<void>;
  /** `<flow>.<event>` for a step that moved the flow on and said it was worth an event (`recovery.requested`). */
  progressed(event: string): Promise<void>;
}

/**
 * The audit events of one flow submission, recorded by the engine so that
 * every step — including ones added later — is audited the same way:
 *
 *   - the event type comes from the flow type (`sign-in` → `sign_in.*`);
 *   - the identifier is whatever email address the flow is about (the step's
 *     `audit.subject()`, else `state.email`, else `values.email`), only when
 *     it is shaped like an address: a password typed into the email field
 *     must not end up in the audit table, even hashed;
 *   - the account is the one the step named or, failing that, the one that
 *     address belongs to (looked up only for failures, whose answer already
 *     costs a password hash);
 *   - rate-limit keys are `<purpose>:account:<id>` or `<purpose>:ip:<ip>`;
 *     only the `<purpose>:<scope>` part is kept.
 */
export function auditFlowSubmission(options: {
  audit: AuditRecorder | undefined;
  flow: { id: string; type: string; state: FlowPrivateState };
  step: string;
  values: Record<string, string>;
  context: RequestContext;
  deps: StepDependencies;
}): FlowSubmissionAudit {
  const { audit, flow, step, values, context, deps } = options;
  const kind = flow.type.replace(/-/gu, '_');
  let subject: { userId?: string | undefined; identifier?: string | undefined } = {};
  let refusedKey: string | undefined;

  const hook: StepAudit = {
    subject(who) {
      subject = { ...subject, ...who };
    },
  };
  if (!audit) {
    return { hook, deps, rateLimited: async () => undefined, refused: async () => undefined, completed: async () => undefined, progressed: async () => undefined };
  }

  const rateLimiter: RateLimiter = {
    async consume(key, rule) {
      try {
        await deps.rateLimiter.consume(key, rule);
      } catch (error) {
        refusedKey = key;
        throw error;
      }
    },
    reset: (key) => deps.rateLimiter.reset(key),
  };

  function identifier(): string | undefined {
    const candidate = subject.identifier ?? flow.state.email ?? values.email;
    const trimmed = candidate?.trim();
    return trimmed && isEmailShaped(trimmed) ? normalizeEmail(trimmed) : undefined;
  }

  async function accountOf(email: string | undefined): Promise<string | undefined> {
    if (subject.userId || !email) return subject.userId;
    try {
      return (await deps.users.findByEmail(email))?.id;
    } catch {
      return undefined; // the event is still worth having without it
    }
  }

  async function record(type: string, details: AuditDetails, userId?: string): Promise<void> {
    const email = identifier();
    await audit?.record({
      type,
      userId: userId ?? (await accountOf(email)),
      identifier: email,
      ip: context.ip,
      userAgent: context.userAgent,
      flowId: flow.id,
      details: { step, ...details },
    });
  }

  return {
    hook,
    deps: { ...deps, rateLimiter },
    async rateLimited(error) {
      const [purpose, scope] = refusedKey?.split(':') ?? [];
      const limit = purpose && scope ? `${purpose}:${scope}` : undefined;
      await record(scope === 'account' ? 'account.locked' : 'rate_limited', { ...(limit ? { limit } : {}), retryAfterSeconds: error.retryAfterSeconds });
    },
    async refused({ fieldMessages, flowMessages }) {
      const codes = [...new Set([...flowMessages, ...Object.values(fieldMessages).flat()].map((message) => message.code))];
      await record(`${kind}.failed`, { reason: codes[0] ?? 'invalid_values', ...(codes.length > 1 ? { reasons: codes } : {}) });
    },
    async completed({ accountId, amr }, event = 'succeeded') {
      await record(`${kind}.${event}`, { amr }, accountId);
    },
    async progressed(event) {
      await record(`${kind}.${event}`, {});
    },
  };
}
