import { LatchError } from '../errors.ts';
import type { FlowMessage } from '../flows/flowTypes.ts';
import { invalid, submitAction, type StepDefinition } from '../flows/stepDefinition.ts';

const skipAction = { name: 'skip', kind: 'secondary' } as const;

/**
 * The `profile` step: a progressive-profiling prompt. The engine inserts it
 * after a sign-in's factors (or a sign-up) when a rule is due, and it is the
 * only step of an on-demand `profile` flow. `submit` validates and stores
 * the answers; `skip` (offered only when the rule is skippable) records the
 * skip. Either completes the flow as the account the flow already proved.
 */
export const profileStep: StepDefinition = {
  actions: [submitAction],
  actionsFor(state) {
    return state.profilePrompt?.skippable ? [submitAction, skipAction] : [submitAction];
  },
  fields(state, deps) {
    return state.profilePrompt && deps.profile ? deps.profile.promptFields(state.profilePrompt, state.locale) : [];
  },
  async handle({ action, values, state, deps }) {
    const prompt = state.profilePrompt;
    const accountId = state.accountId;
    if (!prompt || !accountId || !deps.profile) throw new LatchError({ status: 500, code: 'flow_corrupt', message: 'The profile step has no prompt.' });
    const amr = state.amr ?? [];
    if (action === 'skip') {
      await deps.profile.skipPrompt({ userId: accountId, prompt });
      return { kind: 'complete', accountId, amr };
    }
    const { errors } = await deps.profile.answerPrompt({ userId: accountId, prompt, values });
    if (errors) {
      const fieldMessages: Record<string, FlowMessage[]> = {};
      for (const [key, list] of Object.entries(errors)) {
        fieldMessages[key] = list.map((error) => ({ code: error.code, severity: 'error', text: error.message, ...(error.params ? { params: error.params } : {}) }));
      }
      return invalid(fieldMessages);
    }
    return { kind: 'complete', accountId, amr };
  },
};
