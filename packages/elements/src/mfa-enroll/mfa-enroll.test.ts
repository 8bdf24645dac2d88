// @vitest-environment happy-dom
import { LatchApiError } from '@latch/client';
import { defineLatchElements, LatchMfaEnroll, LatchReauthenticate, type MfaChangedEvent } from '@latch/elements';
import {
  createFakeClient,
  mfaEnrolled,
  mfaNotEnrolled,
  recoveryCodes,
  signedInSession,
  signInComplete,
  signInPassword,
  totpEnrollment,
  type FakeClientHandlers,
} from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, queryButton, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

async function mount(handlers: FakeClientHandlers = {}) {
  const client = createFakeClient(handlers);
  const element = document.createElement('latch-mfa-enroll');
  element.client = client;
  const events: MfaChangedEvent[] = [];
  element.addEventListener('latch:mfa-changed', (event) => events.push(event));
  document.body.append(element);
  await settle(element);
  return { element, client, events };
}

const alertText = (element: HTMLElement) => element.querySelector('[role="alert"]')?.textContent?.trim() ?? '';

describe('<latch-mfa-enroll>', () => {
  it('is a LatchMfaEnroll in the light DOM that shows whether an authenticator app is set up', async () => {
    const { element, client } = await mount();
    expect(element).toBeInstanceOf(LatchMfaEnroll);
    expect(element.shadowRoot).toBeNull();
    expect(client.mfaCalls).toEqual(['getMfa']);
    expect(element.textContent).toContain('Authenticator app: not set up');
    expect(queryButton(element, 'Remove authenticator app')).toBeUndefined();
    expect(element.querySelector('[role="alert"]')?.getAttribute('aria-live')).toBe('assertive');
  });

  it('sets up the app: QR code and manual key, a labelled code input, then the recovery codes once', async () => {
    let status = mfaNotEnrolled;
    const { element, client, events } = await mount({
      getMfa: () => status,
      startTotpEnrollment: () => totpEnrollment,
      confirmTotpEnrollment: () => {
        status = mfaEnrolled;
        return recoveryCodes;
      },
    });
    getButton(element, 'Set up authenticator app').click();
    await settle(element);

    const qr = element.querySelector('img');
    expect(qr?.getAttribute('alt')).toBe('QR code for your authenticator app');
    expect(qr?.getAttribute('src')).toMatch(/^data:image\/svg\+xml/u);
    expect(element.querySelector('.latch-mfa__secret')?.textContent?.replace(/\s/gu, '')).toBe(totpEnrollment.secret);
    const input = getByLabelText(element, 'Authentication code');
    expect(input.autocomplete).toBe('one-time-code');
    expect(input.getAttribute('inputmode')).toBe('numeric');
    expect(input.required).toBe(true);
    expect(document.activeElement).toBe(input);

    type(input, '123456');
    getButton(element, 'Verify').click();
    await settle(element);
    expect(client.mfaCalls).toEqual(['getMfa', 'startTotpEnrollment', 'confirmTotpEnrollment:123456', 'getMfa']);
    expect(element.querySelector('h3')?.textContent?.trim()).toBe('Recovery codes');
    expect([...element.querySelectorAll('.latch-mfa__codes code')].map((code) => code.textContent)).toEqual(recoveryCodes.recoveryCodes);
    expect(events).toHaveLength(1);
    expect(events[0]?.detail.status).toEqual(mfaEnrolled);

    getButton(element, 'Done').click();
    await settle(element);
    expect(element.querySelector('.latch-mfa__codes')).toBeNull();
    expect(element.textContent).toContain('Authenticator app: set up');
    expect(element.textContent).toContain('Recovery codes left: 10');
  });

  it('announces a wrong code in the alert region and keeps the form', async () => {
    const { element } = await mount({
      startTotpEnrollment: () => totpEnrollment,
      confirmTotpEnrollment: () => {
        throw new LatchApiError({ status: 422, code: 'invalid_code', message: 'no' });
      },
    });
    getButton(element, 'Set up authenticator app').click();
    await settle(element);
    type(getByLabelText(element, 'Authentication code'), '000000');
    getButton(element, 'Verify').click();
    await settle(element);
    expect(alertText(element)).toBe('That code is not right. Check your authenticator app and try again.');
    expect(getByLabelText(element, 'Authentication code').getAttribute('aria-invalid')).toBe('true');
  });

  it('regenerates recovery codes and removes the app, telling listeners each time', async () => {
    let status = mfaEnrolled;
    const { element, client, events } = await mount({
      getMfa: () => status,
      regenerateRecoveryCodes: () => recoveryCodes,
      removeTotp: () => {
        status = mfaNotEnrolled;
      },
    });
    getButton(element, 'Generate new recovery codes').click();
    await settle(element);
    expect(element.querySelectorAll('.latch-mfa__codes li')).toHaveLength(10);
    getButton(element, 'Done').click();
    await settle(element);
    getButton(element, 'Remove authenticator app').click();
    await settle(element);
    expect(client.mfaCalls).toEqual(['getMfa', 'regenerateRecoveryCodes', 'getMfa', 'removeTotp', 'getMfa']);
    expect(events).toHaveLength(2);
    expect(element.textContent).toContain('Authenticator app: not set up');
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Your authenticator app was removed.');
  });

  it('answers reauthentication_required with an inline "Confirm it’s you" form, then retries the removal', async () => {
    let status = mfaEnrolled;
    let confirmed = false;
    const created: { type: string; reauthenticate?: boolean }[] = [];
    const signedInOutside: Event[] = [];
    document.addEventListener('latch:signed-in', (event) => signedInOutside.push(event));
    const { element, client, events } = await mount({
      getMfa: () => status,
      removeTotp: () => {
        if (!confirmed) throw new LatchApiError({ status: 401, code: 'reauthentication_required', message: 'old', maxAge: 600 });
        status = mfaNotEnrolled;
      },
      createFlow: (options) => {
        created.push(options);
        return signInPassword;
      },
      submitFlow: () => {
        confirmed = true;
        return signInComplete;
      },
      getSession: () => signedInSession,
    });
    getButton(element, 'Remove authenticator app').click();
    await settle(element);

    const form = element.querySelector('latch-reauthenticate');
    expect(form).toBeInstanceOf(LatchReauthenticate);
    expect(form?.querySelector('h2')?.textContent).toBe('Confirm it’s you');
    expect(created).toEqual([{ type: 'sign-in', reauthenticate: true }]);
    expect(getByLabelText(element, 'Email').readOnly).toBe(true);
    expect(queryButton(element, 'Remove authenticator app')).toBeUndefined();

    type(getByLabelText(element, 'Password'), 'correct horse battery staple');
    getButton(element, 'Confirm').click();
    await settle(element);
    await settle(element);

    expect(client.submissions).toEqual([{ id: signInPassword.id, submission: { step: 'password', action: 'submit', values: { email: 'ada@example.com', password: 'correct horse battery staple' } } }]);
    expect(element.querySelector('latch-reauthenticate')).toBeNull();
    expect(client.mfaCalls).toEqual(['getMfa', 'removeTotp', 'removeTotp', 'getMfa']);
    expect(events).toHaveLength(1);
    expect(element.textContent).toContain('Authenticator app: not set up');
    // The confirmation is not a sign-in as far as the page is concerned.
    expect(signedInOutside).toHaveLength(0);
  });

  it('lets the user cancel the confirmation', async () => {
    const { element } = await mount({
      getMfa: () => mfaEnrolled,
      regenerateRecoveryCodes: () => {
        throw new LatchApiError({ status: 401, code: 'reauthentication_required', message: 'old' });
      },
      createFlow: () => signInPassword,
    });
    getButton(element, 'Generate new recovery codes').click();
    await settle(element);
    expect(element.querySelector('latch-reauthenticate')).not.toBeNull();
    getButton(element, 'Cancel').click();
    await settle(element);
    expect(element.querySelector('latch-reauthenticate')).toBeNull();
    expect(getButton(element, 'Generate new recovery codes')).toBeDefined();
  });

  it('says so when loading fails, and offers to try again', async () => {
    const { element } = await mount({
      getMfa: () => {
        throw new LatchApiError({ status: 401, code: 'unauthenticated', message: 'no' });
      },
    });
    expect(alertText(element)).toBe('Your session has ended. Sign in again.');
    expect(getButton(element, 'Try again')).toBeDefined();
  });
});
