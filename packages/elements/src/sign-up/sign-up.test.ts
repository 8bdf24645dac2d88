// @vitest-environment happy-dom
import { LatchApiError } from '@latch/client';
import { defineLatchElements, LatchSignUp, type LatchLocale, type SignedInEvent } from '@latch/elements';
import {
  createFakeClient,
  signedInSession,
  signInPassword,
  signUpComplete,
  signUpCredentials,
  signUpPasswordTooCommon,
  signUpPasswordTooShort,
  signUpVerifyEmail,
  signUpVerifyEmailInvalidCode,
} from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

describe('<latch-sign-up>', () => {
  it('renders the verify-email step: a labelled one-time-code input, focused, and a wrong code announced on it', async () => {
    let attempt = 0;
    const client = createFakeClient({
      submitFlow: ({ submission }) => {
        attempt += 1;
        if (attempt === 1) return signUpVerifyEmail;
        if (attempt === 2) throw new LatchApiError({ status: 422, code: 'invalid_code', message: 'Wrong.', flow: signUpVerifyEmailInvalidCode });
        expect(submission).toEqual({ step: 'verify-email', action: 'submit', values: { email: 'grace@example.com', code: '123456' } });
        return signUpComplete;
      },
    });
    const element = document.createElement('latch-sign-up');
    element.client = client;
    document.body.append(element);
    await settle(element);
    type(getByLabelText(element, 'Email'), 'grace@example.com');
    type(getByLabelText(element, 'Password'), 'long enough to pass');
    getButton(element, 'Create account').click();
    await settle(element);

    const code = getByLabelText(element, 'Verification code');
    expect(code.type).toBe('text');
    expect(code.autocomplete).toBe('one-time-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(document.activeElement).toBe(code);
    expect(element.querySelector('.latch-intro')?.textContent).toContain('We sent a 6-digit code to grace@example.com.');
    expect(element.querySelector('form')?.getAttribute('aria-describedby')).toBe(element.querySelector('.latch-intro')?.id);
    expect(getButton(element, 'Send a new code').formNoValidate).toBe(true);
    expect(getButton(element, 'Use a different email').formNoValidate).toBe(true);

    type(code, '000000');
    getButton(element, 'Verify').click();
    await settle(element);
    const refused = getByLabelText(element, 'Verification code');
    expect(refused.getAttribute('aria-invalid')).toBe('true');
    const messageId = refused.getAttribute('aria-describedby') ?? '';
    expect(element.querySelector(`#${messageId}`)?.textContent).toBe('That code is not right. Check the email and try again.');
    expect(document.activeElement).toBe(refused);

    type(refused, '123456');
    getButton(element, 'Verify').click();
    await settle(element);
    expect(element.flow?.state).toBe('complete');
  });

  it('creates a sign-up flow and renders the credentials step', async () => {
    const client = createFakeClient();
    const element = document.createElement('latch-sign-up');
    element.client = client;
    document.body.append(element);
    await settle(element);

    expect(element).toBeInstanceOf(LatchSignUp);
    expect(client.createdFlows).toEqual(['sign-up']);
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Create your account');
    const email = getByLabelText(element, 'Email');
    expect(email.autocomplete).toBe('email');
    const password = getByLabelText(element, 'Password');
    expect(password.type).toBe('password');
    expect(password.autocomplete).toBe('new-password');
    expect(password.minLength).toBe(15);
    expect(password.maxLength).toBe(256);
    expect(getButton(element, 'Create account').type).toBe('submit');
  });

  it('shows a parameterised field message, then signs the new user in', async () => {
    let attempt = 0;
    const client = createFakeClient({
      submitFlow: () => {
        attempt += 1;
        if (attempt === 1) throw new LatchApiError({ status: 422, code: 'invalid_values', message: 'Invalid.', flow: signUpPasswordTooShort });
        return signUpComplete;
      },
      getSession: () => (attempt === 2 ? signedInSession : { authenticated: false }),
    });
    const element = document.createElement('latch-sign-up');
    element.client = client;
    document.body.append(element);
    await settle(element);
    const events: SignedInEvent[] = [];
    element.addEventListener('latch:signed-in', (event) => events.push(event));

    type(getByLabelText(element, 'Email'), 'grace@example.com');
    type(getByLabelText(element, 'Password'), 'long enough to pass');
    getButton(element, 'Create account').click();
    await settle(element);
    const password = getByLabelText(element, 'Password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(password.getAttribute('aria-describedby') ?? '')?.textContent?.trim()).toBe('Use at least 15 characters.');
    expect(getByLabelText(element, 'Email').getAttribute('aria-invalid')).toBeNull();

    type(password, 'a much longer password');
    getButton(element, 'Create account').click();
    await settle(element);
    expect(client.submissions.map(({ id, submission }) => ({ id, ...submission }))).toEqual([
      { id: signUpCredentials.id, step: 'credentials', action: 'submit', values: { email: 'grace@example.com', password: 'long enough to pass' } },
      { id: signUpCredentials.id, step: 'credentials', action: 'submit', values: { email: 'grace@example.com', password: 'a much longer password' } },
    ]);
    expect(events.map((event) => event.detail.session)).toEqual([signedInSession]);
    expect(element.querySelector('[role="status"]')?.textContent?.trim()).toBe('You are signed in.');
  });

  it('shows the server refusing a common password, in the locale text', async () => {
    const client = createFakeClient({
      submitFlow: () => {
        throw new LatchApiError({ status: 422, code: 'password_too_common', message: 'Too common.', flow: signUpPasswordTooCommon });
      },
    });
    const element = await mount(client);
    type(getByLabelText(element, 'Email'), 'grace@example.com');
    type(getByLabelText(element, 'Password'), 'iloveyouforever');
    getButton(element, 'Create account').click();
    await settle(element);
    const password = getByLabelText(element, 'Password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(password.getAttribute('aria-describedby') ?? '')?.textContent?.trim()).toBe(
      'This password is too common. Choose a longer or less predictable one.',
    );
    // The refused password is still in the field, and so is its rating.
    expect(strengthMeter(element).getAttribute('aria-valuetext')).toBe('Weak');
  });
});

describe('<latch-sign-up> password strength meter', () => {
  it('sits beneath the new password, shown once something is typed, with a polite live text', async () => {
    const element = await mount(createFakeClient());
    expect(element.querySelector('[role="meter"]')).toBeNull();
    // The live region is there from the start, so its first change is announced.
    expect(strengthText(element).getAttribute('aria-live')).toBe('polite');
    expect(strengthText(element).textContent?.trim()).toBe('');
    type(getByLabelText(element, 'Password'), 'x');
    await settle(element);
    const meter = strengthMeter(element);
    // Beneath the password input, inside its field.
    const field = element.querySelector('[data-field="password"]')!;
    expect(field.contains(meter)).toBe(true);
    expect(getByLabelText(element, 'Password').compareDocumentPosition(meter) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(element.querySelectorAll('[role="meter"]')).toHaveLength(1); // not on the email field
  });

  it('rates what is typed: an accessible meter named "Password strength" and a visible level', async () => {
    const element = await mount(createFakeClient());
    const password = getByLabelText(element, 'Password');

    type(password, 'password1');
    await settle(element);
    let meter = strengthMeter(element);
    expect(meter.getAttribute('aria-label')).toBe('Password strength');
    expect(meter.getAttribute('aria-valuemin')).toBe('0');
    expect(meter.getAttribute('aria-valuemax')).toBe('4');
    expect(meter.getAttribute('aria-valuenow')).toBe('1');
    expect(meter.getAttribute('aria-valuetext')).toBe('Weak');
    expect(strengthText(element).textContent?.trim()).toBe('Password strength: Weak');
    expect(element.querySelector('.latch-strength')?.getAttribute('data-level')).toBe('weak');
    expect(element.querySelectorAll('.latch-strength__segment[data-filled]')).toHaveLength(1);

    type(password, 'violet monsoon over glass tigers');
    await settle(element);
    meter = strengthMeter(element);
    expect(meter.getAttribute('aria-valuenow')).toBe('4');
    expect(meter.getAttribute('aria-valuetext')).toBe('Very strong');
    expect(strengthText(element).textContent?.trim()).toBe('Password strength: Very strong');
    expect(element.querySelectorAll('.latch-strength__segment[data-filled]')).toHaveLength(4);

    type(password, '');
    await settle(element);
    expect(element.querySelector('[role="meter"]')).toBeNull();
    expect(strengthText(element).textContent?.trim()).toBe('');
  });

  it("rates anything under the field's minLength weak, and discounts the email typed above", async () => {
    const element = await mount(createFakeClient());
    expect(signUpCredentials.step?.fields[1]?.constraints.minLength).toBe(15);
    type(getByLabelText(element, 'Password'), 'Kq7#vM2'); // random, but seven characters
    await settle(element);
    expect(strengthMeter(element).getAttribute('aria-valuetext')).toBe('Weak');

    type(getByLabelText(element, 'Password'), 'gracehopper1906x');
    await settle(element);
    const without = strengthMeter(element).getAttribute('aria-valuenow');
    type(getByLabelText(element, 'Email'), 'grace.hopper@example.com');
    type(getByLabelText(element, 'Password'), 'gracehopper1906x');
    await settle(element);
    expect(Number(strengthMeter(element).getAttribute('aria-valuenow'))).toBeLessThan(Number(without));
  });

  it('takes its words from the locale', async () => {
    const de: LatchLocale = {
      lang: 'de',
      strings: { 'strength.label': 'Passwortstärke', 'strength.summary': 'Passwortstärke: {level}', 'strength.very-strong': 'Sehr stark' },
    };
    const element = document.createElement('latch-sign-up');
    element.client = createFakeClient();
    element.locale = de;
    document.body.append(element);
    await settle(element);
    type(getByLabelText(element, 'Password'), 'violet monsoon over glass tigers');
    await settle(element);
    expect(strengthMeter(element).getAttribute('aria-label')).toBe('Passwortstärke');
    expect(strengthText(element).textContent?.trim()).toBe('Passwortstärke: Sehr stark');
  });

  it('forgets the rating when the step changes, and is never shown for a current password', async () => {
    const client = createFakeClient({ createFlow: () => signUpCredentials, submitFlow: () => signInPassword });
    const element = await mount(client);
    type(getByLabelText(element, 'Email'), 'grace@example.com');
    type(getByLabelText(element, 'Password'), 'violet monsoon over glass tigers');
    await settle(element);
    expect(strengthMeter(element).getAttribute('aria-valuetext')).toBe('Very strong');
    getButton(element, 'Create account').click();
    await settle(element);
    // A step with a current-password field (as sign-in has): no meter at all.
    expect(element.querySelector('[role="meter"]')).toBeNull();
    expect(element.querySelector('.latch-strength')).toBeNull();
  });
});

async function mount(client: ReturnType<typeof createFakeClient>): Promise<LatchSignUp> {
  const element = document.createElement('latch-sign-up');
  element.client = client;
  document.body.append(element);
  await settle(element);
  return element;
}

function strengthMeter(element: HTMLElement): HTMLElement {
  const meter = element.querySelector<HTMLElement>('[role="meter"]');
  if (!meter) throw new Error('No meter.');
  return meter;
}

function strengthText(element: HTMLElement): HTMLElement {
  const text = element.querySelector<HTMLElement>('.latch-strength__text');
  if (!text) throw new Error('No strength text.');
  return text;
}
