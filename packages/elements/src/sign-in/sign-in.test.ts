// @vitest-environment happy-dom
import { LatchApiError, type Flow } from '@latch/client';
import { defineLatchElements, LatchSignIn, SignedInEvent, type LatchLocale } from '@latch/elements';
import {
  createFakeClient,
  errors,
  signedInSession,
  signInComplete,
  signInIdentifier,
  signInIdentifierInvalidEmail,
  signInPassword,
  signInPasswordInvalidCredentials,
  type FakeClientHandlers,
} from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, queryButton, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

async function mount(handlers: FakeClientHandlers = {}) {
  const client = createFakeClient(handlers);
  const element = document.createElement('latch-sign-in');
  element.client = client;
  document.body.append(element);
  await settle(element);
  return { element, client };
}

function alertRegion(element: HTMLElement): HTMLElement {
  const region = element.querySelector<HTMLElement>('[role="alert"]');
  if (!region) throw new Error('No alert region.');
  return region;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('<latch-sign-in>', () => {
  it('is a LatchSignIn rendering into the light DOM', async () => {
    const { element, client } = await mount();
    expect(element).toBeInstanceOf(LatchSignIn);
    expect(element.shadowRoot).toBeNull();
    expect(client.createdFlows).toEqual(['sign-in']);
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Sign in');
  });

  it('renders the identifier step as a labelled email input and a Continue button', async () => {
    const { element } = await mount();
    const email = getByLabelText(element, 'Email');
    expect(email.type).toBe('email');
    expect(email.name).toBe('email');
    expect(email.autocomplete).toBe('username');
    expect(email.required).toBe(true);
    expect(email.maxLength).toBe(254);
    expect(email.closest('form')).not.toBeNull();
    const button = getButton(element, 'Continue');
    expect(button.type).toBe('submit');
    expect(element.querySelector('[role="alert"]')?.getAttribute('aria-live')).toBe('assertive');
  });

  it('submits the step name, action and values, then renders the next step and focuses its first editable input', async () => {
    const { element, client } = await mount({ submitFlow: () => signInPassword });
    type(getByLabelText(element, 'Email'), 'ada@example.com');
    getButton(element, 'Continue').click();
    await settle(element);

    expect(client.submissions).toEqual([
      { id: signInIdentifier.id, submission: { step: 'identifier', action: 'submit', values: { email: 'ada@example.com' } } },
    ]);
    const email = getByLabelText(element, 'Email');
    expect(email.readOnly).toBe(true);
    expect(email.value).toBe('ada@example.com');
    const password = getByLabelText(element, 'Password');
    expect(password.type).toBe('password');
    expect(password.autocomplete).toBe('current-password');
    expect(document.activeElement).toBe(password);
    expect(getButton(element, 'Sign in').type).toBe('submit');
    const back = getButton(element, 'Use a different email');
    expect(back.formNoValidate).toBe(true);
  });

  it('lets the browser check constraints before anything is sent', async () => {
    const { element, client } = await mount({ submitFlow: () => signInPassword });
    getButton(element, 'Continue').click();
    await settle(element);
    expect(client.submissions).toEqual([]);
  });

  it('sends the secondary action with the values when it is chosen', async () => {
    const { element, client } = await mount({
      createFlow: () => signInPassword,
      submitFlow: () => signInIdentifier,
    });
    getButton(element, 'Use a different email').click();
    await settle(element);
    expect(client.submissions[0]?.submission).toEqual({ step: 'password', action: 'back', values: { email: 'ada@example.com', password: '' } });
    expect(getByLabelText(element, 'Email').readOnly).toBe(false);
  });

  it('disables the buttons and marks the form busy while submitting', async () => {
    const answer = deferred<Flow>();
    const { element } = await mount({ submitFlow: () => answer.promise });
    type(getByLabelText(element, 'Email'), 'ada@example.com');
    getButton(element, 'Continue').click();
    await settle(element);
    expect(element.querySelector('form')?.getAttribute('aria-busy')).toBe('true');
    expect(getButton(element, 'Continue').disabled).toBe(true);
    answer.resolve(signInPassword);
    await settle(element);
    expect(element.querySelector('form')?.getAttribute('aria-busy')).toBe('false');
    expect(getButton(element, 'Sign in').disabled).toBe(false);
  });

  it('shows field messages from a 422 under the field, wired with aria-invalid and aria-describedby, and focuses the field', async () => {
    const { element } = await mount({
      submitFlow: () => {
        throw new LatchApiError({ status: 422, code: 'invalid_values', message: 'Invalid.', flow: signInIdentifierInvalidEmail });
      },
    });
    // Valid for the browser's constraint check, refused by the server.
    type(getByLabelText(element, 'Email'), 'ada@example');
    getButton(element, 'Continue').click();
    await settle(element);

    const email = getByLabelText(element, 'Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = email.getAttribute('aria-describedby') ?? '';
    const message = document.getElementById(describedBy);
    expect(message?.textContent?.trim()).toBe('Enter a valid email address.');
    expect(email.nextElementSibling).toBe(message);
    expect(email.value).toBe('ada@example');
    expect(document.activeElement).toBe(email);
    expect(alertRegion(element).textContent?.trim()).toBe('');
  });

  it('announces flow-level messages in the alert region', async () => {
    const { element } = await mount({
      createFlow: () => signInPassword,
      submitFlow: () => {
        throw new LatchApiError({ status: 422, code: 'invalid_values', message: 'Invalid.', flow: signInPasswordInvalidCredentials });
      },
    });
    type(getByLabelText(element, 'Password'), 'wrong');
    getButton(element, 'Sign in').click();
    await settle(element);
    expect(alertRegion(element).textContent?.trim()).toBe('The email or password is incorrect.');
    expect(document.activeElement).toBe(getByLabelText(element, 'Password'));
    // A refused current password is cleared, to be typed again; the email stays.
    expect(getByLabelText(element, 'Password').value).toBe('');
    expect(getByLabelText(element, 'Email').value).toBe('ada@example.com');
  });

  it('moves no focus when the page loads', async () => {
    const outside = document.createElement('input');
    document.body.append(outside);
    outside.focus();
    const { element } = await mount();
    expect(getByLabelText(element, 'Email')).toBeDefined();
    expect(document.activeElement).toBe(outside);
  });

  it('shows a localized message for network and unexpected errors, never the raw server text', async () => {
    let failure: LatchApiError = new LatchApiError(errors.network);
    const { element } = await mount({
      submitFlow: () => {
        throw failure;
      },
    });
    type(getByLabelText(element, 'Email'), 'ada@example.com');
    getButton(element, 'Continue').click();
    await settle(element);
    expect(alertRegion(element).textContent?.trim()).toBe('We could not reach the server. Check your connection and try again.');

    failure = new LatchApiError(errors.internal);
    getButton(element, 'Continue').click();
    await settle(element);
    expect(alertRegion(element).textContent?.trim()).toBe('Something went wrong on our side. Please try again.');
    expect(getButton(element, 'Continue').disabled).toBe(false);
  });

  it('says when to try again after too many attempts (429 with Retry-After)', async () => {
    let retryAfter: number | undefined = 840;
    const { element } = await mount({
      submitFlow: () => {
        throw new LatchApiError({ ...errors.rateLimited, ...(retryAfter === undefined ? {} : { retryAfter }) });
      },
    });
    type(getByLabelText(element, 'Email'), 'ada@example.com');
    getButton(element, 'Continue').click();
    await settle(element);
    expect(alertRegion(element).textContent?.trim()).toBe('Too many attempts. Try again in 14 minutes.');

    retryAfter = 42;
    getButton(element, 'Continue').click();
    await settle(element);
    expect(alertRegion(element).textContent?.trim()).toBe('Too many attempts. Try again in 42 seconds.');

    retryAfter = undefined;
    getButton(element, 'Continue').click();
    await settle(element);
    expect(alertRegion(element).textContent?.trim()).toBe('Too many attempts. Wait a little, then try again.');
  });

  it('starts a new flow and says why when the flow expired or vanished', async () => {
    for (const error of [errors.flowExpired, errors.flowNotFound]) {
      const { element, client } = await mount({
        submitFlow: () => {
          throw new LatchApiError(error);
        },
      });
      type(getByLabelText(element, 'Email'), 'ada@example.com');
      getButton(element, 'Continue').click();
      await settle(element);
      expect(client.createdFlows).toEqual(['sign-in', 'sign-in']);
      expect(alertRegion(element).textContent?.trim()).toBe('That took too long, so we started again. Please enter your details once more.');
      expect(getByLabelText(element, 'Email').value).toBe('');
      expect(getButton(element, 'Continue')).toBeTruthy();
      element.remove();
    }
  });

  it('offers to try again when the flow cannot be created', async () => {
    let fail = true;
    const { element, client } = await mount({
      createFlow: () => {
        if (fail) throw new LatchApiError(errors.network);
        return signInIdentifier;
      },
    });
    expect(alertRegion(element).textContent?.trim()).toBe('We could not reach the server. Check your connection and try again.');
    expect(element.querySelector('input')).toBeNull();
    fail = false;
    getButton(element, 'Try again').click();
    await settle(element);
    expect(client.createdFlows).toHaveLength(2);
    expect(alertRegion(element).textContent?.trim()).toBe('');
    expect(getByLabelText(element, 'Email')).toBeTruthy();
  });

  it('dispatches latch:signed-in with the session and shows the signed-in status when the flow completes', async () => {
    let signedIn = false;
    const { element } = await mount({
      createFlow: () => signInPassword,
      submitFlow: () => {
        signedIn = true;
        return signInComplete;
      },
      getSession: () => (signedIn ? signedInSession : { authenticated: false }),
    });
    const events: SignedInEvent[] = [];
    document.addEventListener('latch:signed-in', (event) => events.push(event));
    type(getByLabelText(element, 'Password'), 'correct horse battery staple');
    getButton(element, 'Sign in').click();
    await settle(element);

    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(SignedInEvent);
    expect(events[0]?.bubbles).toBe(true);
    expect(events[0]?.composed).toBe(true);
    expect(events[0]?.detail.session).toEqual(signedInSession);
    expect(element.querySelector('[role="status"]')?.textContent?.trim()).toBe('You are signed in.');
    expect(element.querySelector('form')).toBeNull();
    expect(queryButton(element, 'Sign in')).toBeUndefined();
  });

  it('takes its strings from the locale property, falling back to English', async () => {
    const fr: LatchLocale = { lang: 'fr', strings: { 'heading.sign-in': 'Connexion', 'field.email': 'Adresse e-mail' } };
    const client = createFakeClient();
    const element = document.createElement('latch-sign-in');
    element.client = client;
    element.locale = fr;
    document.body.append(element);
    await settle(element);
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Connexion');
    expect(getByLabelText(element, 'Adresse e-mail').type).toBe('email');
    expect(getButton(element, 'Continue')).toBeTruthy();
    expect(element.querySelector('[lang="fr"]')).not.toBeNull();
  });

  it('keeps the alert region in the DOM, empty (so :empty hides it) until there is something to say', async () => {
    const { element } = await mount();
    expect(alertRegion(element).matches(':empty')).toBe(true);
  });

  it('injects its stylesheet once per document', async () => {
    await mount();
    await mount();
    const sheets = document.adoptedStyleSheets.length + document.querySelectorAll('style#latch-sign-in-styles').length;
    expect(sheets).toBe(1);
  });
});
