// @vitest-environment happy-dom
import { LatchApiError } from '@latch/client';
import { defineLatchElements, LatchRecovery, type SignedInEvent } from '@latch/elements';
import {
  createFakeClient,
  recoveryCode,
  recoveryCodeInvalid,
  recoveryComplete,
  recoveryIdentifier,
  recoveryNewPassword,
  recoveryNewPasswordTooCommon,
  signedInSession,
  signInPassword,
  type FakeClientHandlers,
} from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

async function mount(handlers: FakeClientHandlers = {}, attributes: Record<string, string> = {}) {
  const client = createFakeClient(handlers);
  const element = document.createElement('latch-recovery');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.client = client;
  document.body.append(element);
  await settle(element);
  return { element, client };
}

describe('<latch-recovery>', () => {
  it('starts a recovery flow and asks for the email with "Send code"', async () => {
    const { element, client } = await mount();
    expect(element).toBeInstanceOf(LatchRecovery);
    expect(client.createdFlows).toEqual(['recovery']);
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Reset your password');
    const email = getByLabelText(element, 'Email');
    expect(email.autocomplete).toBe('username');
    expect(getButton(element, 'Send code').type).toBe('submit');
  });

  it('walks email → code → new password, with a strength meter, and announces the result', async () => {
    const answers = [recoveryCode, recoveryNewPassword, recoveryComplete];
    const { element, client } = await mount({ submitFlow: () => answers.shift()!, getSession: () => signedInSession });
    const signedIn: SignedInEvent[] = [];
    element.addEventListener('latch:signed-in', (event) => signedIn.push(event));

    type(getByLabelText(element, 'Email'), 'ada@example.com');
    getButton(element, 'Send code').click();
    await settle(element);
    expect(element.querySelector('.latch-intro')?.textContent).toContain('ada@example.com');
    const code = getByLabelText(element, 'Code');
    expect(code.autocomplete).toBe('one-time-code');
    expect(code.inputMode).toBe('numeric');
    getButton(element, 'Send a new code');
    type(code, '123456');
    getButton(element, 'Continue').click();
    await settle(element);

    const password = getByLabelText(element, 'New password');
    expect(password.type).toBe('password');
    expect(password.autocomplete).toBe('new-password');
    expect(password.minLength).toBe(15);
    type(password, 'purple elephant tango sunrise');
    await settle(element);
    expect(element.querySelector('[role="meter"]')?.getAttribute('aria-label')).toBe('Password strength');
    getButton(element, 'Reset password').click();
    await settle(element);

    expect(client.submissions.map(({ submission }) => [submission.step, submission.action])).toEqual([
      ['recovery-identifier', 'submit'],
      ['recovery-email-code', 'submit'],
      ['new-password', 'submit'],
    ]);
    expect(client.submissions[2]?.submission.values.password).toBe('purple elephant tango sunrise');
    expect(element.querySelector('[role="status"]')?.textContent).toBe('Your password was changed. You are signed in.');
    expect(signedIn).toHaveLength(1);
    expect(signedIn[0]?.detail.session).toEqual(signedInSession);
  });

  it('shows a refused code and a refused password on their fields', async () => {
    const fail = (flow: typeof recoveryCodeInvalid, code: string) => new LatchApiError({ status: 422, code, message: code, flow });
    const { element } = await mount({ createFlow: () => recoveryCode, submitFlow: () => Promise.reject(fail(recoveryCodeInvalid, 'invalid_code')) });
    type(getByLabelText(element, 'Code'), '000000');
    getButton(element, 'Continue').click();
    await settle(element);
    expect(element.querySelector('[data-field="code"] .latch-field__message')?.textContent).toBe('That code is not right. Check the email and try again.');

    document.body.replaceChildren();
    const second = await mount({ createFlow: () => recoveryNewPassword, submitFlow: () => Promise.reject(fail(recoveryNewPasswordTooCommon, 'password_too_common')) });
    type(getByLabelText(second.element, 'New password'), 'iloveyouforever');
    getButton(second.element, 'Reset password').click();
    await settle(second.element);
    const input = getByLabelText(second.element, 'New password');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(second.element.querySelector('[data-field="password"] .latch-field__message')?.getAttribute('data-code')).toBe('password_too_common');
  });

  it('resumes the flow named by flow-id (where the emailed link lands), and starts afresh when it cannot', async () => {
    const resumed = await mount({ getFlow: ({ id }) => ({ ...recoveryNewPassword, id }) }, { 'flow-id': 'flow-from-link' });
    expect(resumed.client.createdFlows).toEqual([]);
    expect(resumed.element.flow?.id).toBe('flow-from-link');
    getByLabelText(resumed.element, 'New password');

    document.body.replaceChildren();
    const gone = await mount({ getFlow: () => Promise.reject(new LatchApiError({ status: 404, code: 'flow_not_found', message: 'gone' })) }, { 'flow-id': 'flow-old' });
    expect(gone.client.createdFlows).toEqual(['recovery']);
    expect(gone.element.flow?.id).toBe(recoveryIdentifier.id);
    expect(gone.element.querySelector('[role="alert"]')?.textContent).toBe('');
  });
});

describe('"Forgot password?" on <latch-sign-in>', () => {
  it('links to recovery-href on the password step only', async () => {
    const client = createFakeClient({ submitFlow: () => signInPassword });
    const element = document.createElement('latch-sign-in');
    element.setAttribute('recovery-href', '/reset-password');
    element.client = client;
    document.body.append(element);
    await settle(element);
    expect(element.querySelector('a.latch-link')).toBeNull();
    type(getByLabelText(element, 'Email'), 'ada@example.com');
    getButton(element, 'Continue').click();
    await settle(element);
    const link = element.querySelector<HTMLAnchorElement>('a.latch-link');
    expect(link?.textContent).toBe('Forgot password?');
    expect(link?.getAttribute('href')).toBe('/reset-password');
    expect(element.recoveryHref).toBe('/reset-password');
  });

  it('shows no link without recovery-href', async () => {
    const client = createFakeClient({ submitFlow: () => signInPassword });
    const element = document.createElement('latch-sign-in');
    element.client = client;
    document.body.append(element);
    await settle(element);
    type(getByLabelText(element, 'Email'), 'ada@example.com');
    getButton(element, 'Continue').click();
    await settle(element);
    expect(element.querySelector('a.latch-link')).toBeNull();
  });
});
