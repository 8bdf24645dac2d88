// @vitest-environment happy-dom
import { LatchApiError } from '@latch/client';
import { defineLatchElements, LatchSignUp, type SignedInEvent } from '@latch/elements';
import { createFakeClient, signedInSession, signUpComplete, signUpCredentials, signUpPasswordTooShort } from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

describe('<latch-sign-up>', () => {
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
    expect(password.minLength).toBe(8);
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
    type(getByLabelText(element, 'Password'), 'longenough');
    getButton(element, 'Create account').click();
    await settle(element);
    const password = getByLabelText(element, 'Password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(password.getAttribute('aria-describedby') ?? '')?.textContent?.trim()).toBe('Use at least 8 characters.');
    expect(getByLabelText(element, 'Email').getAttribute('aria-invalid')).toBeNull();

    type(password, 'a much longer password');
    getButton(element, 'Create account').click();
    await settle(element);
    expect(client.submissions.map(({ id, submission }) => ({ id, ...submission }))).toEqual([
      { id: signUpCredentials.id, step: 'credentials', action: 'submit', values: { email: 'grace@example.com', password: 'longenough' } },
      { id: signUpCredentials.id, step: 'credentials', action: 'submit', values: { email: 'grace@example.com', password: 'a much longer password' } },
    ]);
    expect(events.map((event) => event.detail.session)).toEqual([signedInSession]);
    expect(element.querySelector('[role="status"]')?.textContent?.trim()).toBe('You are signed in.');
  });
});
