import type { FlowMessage } from '../flows/flowTypes.ts';
import { invalid, submitAction, type FieldTemplate, type FlowPrivateState, type StepDefinition, type StepDependencies, type StepOutcome } from '../flows/stepDefinition.ts';
import { consentFieldName, pendingAtSignIn, readConsentAnswers, receiptsFor } from './consentDecisions.ts';
import { consentMessages } from './consentMessages.ts';
import type { ConsentPurpose } from './consentOptionsSchema.ts';
import type { ShownDecision } from './createConsentService.ts';
import { localizePurpose } from './consentText.ts';

/** One checkbox per purpose; never pre-ticked. */
export function consentFields(purposes: readonly ConsentPurpose[], options: { locale?: string | undefined; previousVersions?: ReadonlyMap<string, number | undefined> } = {}): FieldTemplate[] {
  return purposes.map((purpose) => {
    const words = localizePurpose(purpose, options.locale);
    const previousVersion = options.previousVersions?.get(purpose.id);
    return {
      name: consentFieldName(purpose.id),
      type: 'checkbox',
      constraints: { required: words.required },
      consent: {
        purposeId: purpose.id,
        version: purpose.version,
        required: words.required,
        title: words.title,
        text: words.text,
        ...(words.policyUrl ? { policyUrl: words.policyUrl } : {}),
        ...(previousVersion === undefined ? {} : { previousVersion }),
      },
    };
  });
}

/**
 * Sign-up's answer to its checkboxes: field errors for every required purpose
 * left unticked, else the ticked purposes with the words shown (stored as
 * receipts once the account exists). Unticked optional purposes write nothing.
 */
export function signUpConsents(deps: StepDependencies, values: Readonly<Record<string, string>>, locale?: string): { errors: Record<string, FlowMessage[]>; decisions: ShownDecision[] } {
  const consent = deps.consent;
  if (!consent || consent.purposes.length === 0) return { errors: {}, decisions: [] };
  const answers = readConsentAnswers(consent.purposes, values);
  const errors: Record<string, FlowMessage[]> = {};
  for (const purpose of answers.missingRequired) errors[consentFieldName(purpose.id)] = [consentMessages.required(localizePurpose(purpose, locale).title)];
  // The receipt records the words in the language the user read them in.
  return { errors, decisions: answers.granted.map((purpose) => consent.shown(purpose, locale, 'granted')) };
}

/** Sign-up's checkboxes (none without configured purposes), in the flow's locale. */
export function signUpConsentFields(deps: StepDependencies, locale?: string): FieldTemplate[] {
  return deps.consent ? consentFields(deps.consent.purposes, { locale }) : [];
}

/**
 * Creates the account with its consent receipts in one transaction when
 * purposes are configured, else as before.
 */
export function createUserWithConsents(
  deps: StepDependencies,
  input: { email: string; passwordHash: string | null; emailVerified?: boolean },
  state: Pick<FlowPrivateState, 'consents'>,
  context: { ip: string; userAgent: string },
) {
  return deps.consent ? deps.consent.createUser(input, { decisions: state.consents ?? [], context }) : deps.users.create(input);
}

/**
 * Run by the engine on every completed sign-in (and recovery): when a
 * required purpose lacks a grant of its current version, the flow moves to
 * the `consent` step instead of completing; the account stays unsigned-in
 * until it is accepted. Anything else completes as decided.
 */
export async function consentStepIfDue(outcome: Extract<StepOutcome, { kind: 'complete' }>, state: FlowPrivateState, deps: StepDependencies): Promise<StepOutcome> {
  const consent = deps.consent;
  if (!consent || consent.purposes.length === 0) return outcome;
  const pending = pendingAtSignIn(consent.purposes, await consent.current(outcome.accountId));
  if (pending.length === 0) return outcome;
  return {
    kind: 'next',
    state: {
      step: 'consent',
      clientId: state.clientId,
      email: state.email,
      accountId: outcome.accountId,
      amr: outcome.amr,
      consentPending: pending.map(({ purpose, previousVersion }) => (previousVersion === undefined ? { purposeId: purpose.id } : { purposeId: purpose.id, previousVersion })),
    },
    flowMessages: [consentMessages.updated()],
  };
}

function pendingPurposes(state: FlowPrivateState, deps: StepDependencies): ConsentPurpose[] {
  const ids = new Set((state.consentPending ?? []).map((entry) => entry.purposeId));
  return (deps.consent?.purposes ?? []).filter((purpose) => ids.has(purpose.id));
}

/**
 * The sign-in's `consent` step: what changed, as checkboxes (required ones
 * must be ticked to go on; optional ones are offered, never forced).
 * `decline` ends the flow without a session.
 */
export const consentSteps: Record<string, StepDefinition> = {
  consent: {
    fields: (state, deps) =>
      consentFields(pendingPurposes(state, deps), {
        locale: state.locale,
        previousVersions: new Map((state.consentPending ?? []).map((entry) => [entry.purposeId, entry.previousVersion])),
      }),
    actions: [submitAction, { name: 'decline', kind: 'secondary' }],
    async handle({ action, values, state, context, deps, audit }) {
      const { accountId } = state;
      const consent = deps.consent;
      if (!accountId || !consent) throw new Error('the consent step needs an account and deps.consent');
      audit?.subject({ userId: accountId });
      if (action === 'decline') return { kind: 'next', state: { step: 'consent-declined', clientId: state.clientId }, flowMessages: [consentMessages.declined()] };
      const purposes = pendingPurposes(state, deps);
      const answers = readConsentAnswers(purposes, values);
      if (answers.missingRequired.length > 0) {
        return invalid(Object.fromEntries(answers.missingRequired.map((purpose) => [consentFieldName(purpose.id), [consentMessages.required(localizePurpose(purpose, state.locale).title)]])));
      }
      const changes = [
        ...answers.granted.map((purpose) => ({ purpose, decision: 'granted' as const })),
        ...answers.declined.map((purpose) => ({ purpose, decision: 'withdrawn' as const })),
      ];
      const needed = receiptsFor(changes, await consent.current(accountId));
      await consent.record({
        userId: accountId,
        decisions: needed.map(({ purpose, decision }) => consent.shown(purpose, state.locale, decision)),
        source: 'consent_step',
        context,
      });
      return { kind: 'complete', accountId, amr: state.amr ?? [] };
    },
  },
  // The end of a declined consent: nothing to answer; the app starts a new sign-in.
  'consent-declined': {
    fields: () => [],
    actions: [],
    async handle() {
      return invalid({}, [consentMessages.declined()]);
    },
  },
};
