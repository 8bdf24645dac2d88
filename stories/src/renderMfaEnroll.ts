import { LatchApiError, type MfaStatus, type RecoveryCodes } from '@latch/client';
import { defineLatchElements, en } from '@latch/elements';
import { createFakeClient, recoveryCodes, signedInSession, signInPassword, totpEnrollment } from '@latch/elements/fixtures';
import type { ErrorFixture } from './renderFlow.ts';

export interface MfaEnrollStoryArgs {
  /** `GET /auth/mfa`: whether an authenticator app is set up and how many recovery codes are left. */
  status: MfaStatus;
  /**
   * What the user does once the status shows, through the real buttons:
   * `setup` presses "Set up authenticator app"; `verify` then types a code and
   * presses Verify; `remove` presses "Remove authenticator app".
   */
  action?: 'setup' | 'verify' | 'remove';
  /** The reply to the code (`verify`): the recovery codes, or an error such as a wrong code. */
  confirm?: { codes: RecoveryCodes } | { error: ErrorFixture };
  /** The reply to `remove`: done, or an error such as `reauthentication_required` (step-up). */
  remove?: { ok: true } | { error: ErrorFixture };
}

const label = (key: keyof typeof en.strings) => en.strings[key];

/**
 * Mounts `<latch-mfa-enroll>` on a fake BFF answering from the recorded
 * fixtures, then presses the story's buttons as a user would.
 */
export function renderMfaEnroll(args: MfaEnrollStoryArgs): HTMLElement {
  defineLatchElements();
  let status = args.status;
  const element = document.createElement('latch-mfa-enroll');
  element.client = createFakeClient({
    getSession: () => signedInSession,
    getMfa: () => status,
    startTotpEnrollment: () => totpEnrollment,
    confirmTotpEnrollment: () => {
      const reply = args.confirm ?? { codes: recoveryCodes };
      if ('error' in reply) throw new LatchApiError(reply.error);
      status = { factors: [{ id: 'mfa_factor1', type: 'totp', confirmedAt: totpEnrollmentTime, createdAt: totpEnrollmentTime }], recoveryCodes: { remaining: reply.codes.recoveryCodes.length } };
      return reply.codes;
    },
    removeTotp: () => {
      const reply = args.remove ?? { ok: true };
      if ('error' in reply) throw new LatchApiError(reply.error);
      status = { factors: [], recoveryCodes: { remaining: 0 } };
    },
    // "Confirm it's you" (shown inline after a step-up error) starts at the password step.
    createFlow: () => signInPassword,
  });
  if (args.action) void replay(element, args);
  return element;
}

const totpEnrollmentTime = '2030-01-01T00:00:00.000Z';

async function replay(element: HTMLElement, args: MfaEnrollStoryArgs): Promise<void> {
  if (args.action === 'remove') {
    await press(element, label('mfa.action.remove'));
    return;
  }
  await press(element, label('mfa.action.setup'));
  if (args.action !== 'verify') return;
  const input = await waitFor(() => labelled(element, label('mfa.field.code')));
  if (!input) return;
  input.value = '123456';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await press(element, label('mfa.action.verify'));
}

async function press(element: HTMLElement, text: string): Promise<void> {
  const button = await waitFor(() => [...element.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === text && !candidate.disabled) ?? null);
  button?.click();
}

function labelled(element: HTMLElement, text: string): HTMLInputElement | null {
  const found = [...element.querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === text);
  const control = found ? element.ownerDocument.getElementById(found.htmlFor) : null;
  return control instanceof HTMLInputElement ? control : null;
}

/** Polls until `find` returns something; gives up after five seconds (e.g. the story was unmounted). */
async function waitFor<T>(find: () => T | null): Promise<T | null> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
