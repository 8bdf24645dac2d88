import { createLatchClient, LatchApiError, type Flow } from '@latch/client';
import { defineLatchElements } from '@latch/elements';
import { createFakeClient, signedInSession, signedOutSession, type errors } from '@latch/elements/fixtures';
import { mockBffRunning, mockFlowRoutes } from './mockBff.ts';

/** One of the recorded BFF error bodies in `@latch/elements/fixtures`. */
export type ErrorFixture = (typeof errors)[keyof typeof errors];

/**
 * What the fake BFF answers to one request. Plain data, so Storybook can show
 * and edit it in the Controls panel.
 *
 * - `{ flow }`: 200 with that flow;
 * - `{ invalid }`: 422 `invalid_values` carrying that flow (field or flow-level messages);
 * - `{ error }`: that error body with its status (network, rate limit, expiry…);
 * - `{ pending: true }`: no answer yet, so the element stays loading or busy.
 */
export type Reply = { flow: Flow } | { invalid: Flow } | { error: ErrorFixture } | { pending: true };

/** One form submission a user makes, and the BFF's reply to it. */
export interface Submission {
  /** Typed into the inputs of the same `name` before submitting. */
  values: Record<string, string>;
  /** The button to press, by action name; the primary action when omitted. */
  action?: string;
  reply: Reply;
}

export interface FlowStoryArgs {
  /** The reply to `createFlow`. */
  start: Reply;
  /** Replayed once the first step shows: the user fills the form and presses a button. */
  submit?: Submission;
  /** The reply to a second `createFlow` (after an expired flow); `start` when omitted. */
  restart?: Reply;
  /** Milliseconds the fake BFF waits before each reply, to watch the loading and busy states. */
  latencyMs: number;
}

export type FlowTag = 'latch-sign-in' | 'latch-sign-up' | 'latch-recovery' | 'latch-reauthenticate';

/** The flow each element creates (`<latch-reauthenticate>` runs a sign-in with `?reauth=1`). */
const flowTypes: Record<FlowTag, string> = { 'latch-sign-in': 'sign-in', 'latch-sign-up': 'sign-up', 'latch-recovery': 'recovery', 'latch-reauthenticate': 'sign-in' };

/**
 * Mounts a flow element wired to a BFF that answers from the recorded
 * fixtures — in Storybook the real `@latch/client` against routes mocked
 * with MSW (`mockBff.ts`), elsewhere (happy-dom) a fake client — then replays the story's submission through the real form (typed
 * values, a button press), so every state is reached by the element's own
 * code path rather than by poking its internals.
 */
export function renderFlow(tag: FlowTag, args: FlowStoryArgs): HTMLElement {
  defineLatchElements();
  let creations = 0;
  let signedIn = false;

  const answer = async (reply: Reply): Promise<Flow> => {
    if (args.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, args.latencyMs));
    if ('pending' in reply) return new Promise<never>(() => {});
    if ('error' in reply) throw new LatchApiError(reply.error);
    if ('invalid' in reply) throw new LatchApiError({ status: 422, code: 'invalid_values', message: 'Invalid values.', flow: reply.invalid });
    if (reply.flow.state === 'complete') signedIn = true;
    return reply.flow;
  };

  const element = document.createElement(tag);
  if (mockBffRunning()) {
    mockFlowRoutes(flowTypes[tag], args);
    element.client = createLatchClient();
    if (args.submit) void replay(element, args.submit, 5_000 + 2 * args.latencyMs);
    return element;
  }
  element.client = createFakeClient({
    createFlow: () => answer(creations++ === 0 ? args.start : (args.restart ?? args.start)),
    submitFlow: () => {
      if (!args.submit) throw new Error('This story does not script a submission.');
      return answer(args.submit.reply);
    },
    getSession: () => (signedIn ? signedInSession : signedOutSession),
  });
  if (args.submit) void replay(element, args.submit, 5_000 + 2 * args.latencyMs);
  return element;
}

/** Waits for the first step's form, fills it in and presses the chosen button, as a user would. */
async function replay(element: HTMLElement, submission: Submission, timeoutMs: number): Promise<void> {
  const form = await waitFor(() => element.querySelector('form'), timeoutMs);
  if (!form) return;
  const inputs = [...form.querySelectorAll('input')];
  for (const [name, value] of Object.entries(submission.values)) {
    const input = inputs.find((candidate) => candidate.name === name);
    if (!input || input.readOnly) continue;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')];
  const button = submission.action ? buttons.find((candidate) => candidate.value === submission.action) : buttons[0];
  button?.click();
}

/** Polls until `find` returns something; gives up after `timeoutMs` (e.g. the story was unmounted). */
async function waitFor<T>(find: () => T | null, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
