// @vitest-environment happy-dom
import { LatchApiError, type UserConsent } from '@latch/client';
import { defineLatchElements, LatchConsent, type ConsentChangedEvent } from '@latch/elements';
import {
  consentPurposes,
  createFakeClient,
  signInConsentDeclined,
  signInConsentRequired,
  signInConsentStep,
  signUpWithConsents,
  type FakeClientHandlers,
} from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, settle } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

async function mount(handlers: FakeClientHandlers = {}) {
  const client = createFakeClient(handlers);
  const element = document.createElement('latch-consent');
  element.client = client;
  const events: ConsentChangedEvent[] = [];
  element.addEventListener('latch:consent-changed', (event) => events.push(event));
  document.body.append(element);
  await settle(element);
  return { element, client, events };
}

const alertText = (element: HTMLElement) => element.querySelector('[role="alert"]')?.textContent?.trim() ?? '';
const statusText = (element: HTMLElement) => element.querySelector('[role="status"]')?.textContent?.trim() ?? '';

describe('<latch-consent>', () => {
  it('lists every purpose as a labelled switch with its text, version and decision; a granted required one is locked', async () => {
    const { element, client } = await mount();
    expect(element).toBeInstanceOf(LatchConsent);
    expect(client.consentCalls).toEqual(['getConsents']);
    const terms = getByLabelText(element, 'Terms of service (required)');
    const marketing = getByLabelText(element, 'Marketing email (optional)');
    const analytics = getByLabelText(element, 'Analytics (optional)');
    expect([terms, marketing, analytics].map((input) => input.getAttribute('role'))).toEqual(['switch', 'switch', 'switch']);
    expect([terms.checked, marketing.checked, analytics.checked]).toEqual([true, true, false]);
    expect(terms.disabled).toBe(true);
    expect(marketing.disabled).toBe(false);
    const described = (input: HTMLInputElement) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent?.trim())
        .join(' | ');
    expect(described(marketing)).toBe('News and offers, about once a month. | Version 1 · Granted');
    expect(described(terms)).toContain('Required to use the service');
    expect(element.querySelector('a')?.getAttribute('href')).toBe('https://example.com/terms');
  });

  it('withdraws through the client, announces it and emits latch:consent-changed', async () => {
    let purposes: UserConsent[] = consentPurposes;
    const { element, client, events } = await mount({
      getConsents: () => ({ purposes }),
      updateConsents: ({ decisions }) => {
        purposes = purposes.map((p) => (decisions[p.id] ? { ...p, decision: decisions[p.id] ?? null, granted: decisions[p.id] === 'granted' } : p));
        return { purposes };
      },
    });
    const marketing = getByLabelText(element, 'Marketing email (optional)');
    marketing.checked = false;
    marketing.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(element);
    expect(client.consentCalls).toEqual(['getConsents', 'updateConsents:marketing_email=withdrawn']);
    expect(statusText(element)).toBe('“Marketing email” withdrawn.');
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toMatchObject({ purposeId: 'marketing_email', decision: 'withdrawn' });
    expect(getByLabelText(element, 'Marketing email (optional)').checked).toBe(false);
    expect(element.textContent).toContain('Version 1 · Not granted');
  });

  it('announces a refusal and puts the switch back to what is stored', async () => {
    const { element, events } = await mount({
      updateConsents: () => {
        throw new LatchApiError({ status: 502, code: 'core_unavailable', message: 'down' });
      },
    });
    const analytics = getByLabelText(element, 'Analytics (optional)');
    analytics.checked = true;
    analytics.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(element);
    expect(alertText(element)).toBe('Your choice could not be saved. Please try again.');
    expect(getByLabelText(element, 'Analytics (optional)').checked).toBe(false);
    expect(events).toHaveLength(0);
  });

  it('shows a retry button when the purposes cannot be loaded', async () => {
    const { element } = await mount({
      getConsents: () => {
        throw new LatchApiError({ status: 401, code: 'unauthenticated', message: 'no' });
      },
    });
    expect(alertText(element)).toBe('Your session has ended. Sign in again.');
    expect(getButton(element, 'Try again')).toBeDefined();
  });
});

describe('consent checkboxes in flows', () => {
  it('renders sign-up checkboxes unticked with their text and policy link, and submits only the ticked ones as "true"', async () => {
    const client = createFakeClient({ createFlow: () => signUpWithConsents, submitFlow: () => signUpWithConsents });
    const element = document.createElement('latch-sign-up');
    element.client = client;
    document.body.append(element);
    await settle(element);
    const terms = getByLabelText(element, 'Terms of service (required)');
    const marketing = getByLabelText(element, 'Marketing email (optional)');
    expect([terms.type, terms.checked, terms.required, marketing.checked, marketing.required]).toEqual(['checkbox', false, true, false, false]);
    expect(element.querySelector('a.latch-checkbox__policy')?.textContent?.trim()).toBe('Read the full Terms of service');
    getByLabelText(element, 'Email').value = 'ada@example.com';
    getByLabelText(element, 'Password').value = 'correct horse battery staple';
    terms.checked = true;
    element.querySelector('form')?.requestSubmit();
    await settle(element);
    expect(client.submissions[0]?.submission.values).toEqual({ email: 'ada@example.com', password: 'correct horse battery staple', 'consent.terms': 'true' });
  });

  it('renders the sign-in consent step with what changed, its field error, and the declined end', async () => {
    let answer = signInConsentRequired;
    const client = createFakeClient({
      createFlow: () => signInConsentStep,
      submitFlow: () => {
        if (answer === signInConsentRequired) throw new LatchApiError({ status: 422, code: 'consent_required', message: 'no', flow: signInConsentRequired });
        return answer;
      },
    });
    const element = document.createElement('latch-sign-in');
    element.client = client;
    document.body.append(element);
    await settle(element);
    expect(element.textContent).toContain('Updated (version 1 → 2):');
    expect(element.textContent).toContain('We have updated what you agreed to.');
    // The browser's own `required` check would stop this; the server's answer is what is tested.
    const form = element.querySelector('form');
    if (form) form.noValidate = true;
    getButton(element, 'Accept and continue').click();
    await settle(element);
    const terms = getByLabelText(element, 'Terms of service (required)');
    expect(terms.getAttribute('aria-invalid')).toBe('true');
    expect(element.textContent).toContain('You must accept “Terms of service” to continue.');

    answer = signInConsentDeclined;
    getButton(element, 'Decline').click();
    await settle(element);
    expect(client.submissions.at(-1)?.submission).toMatchObject({ step: 'consent', action: 'decline' });
    expect(alertText(element)).toContain('You did not accept the updated terms');
    expect(element.querySelectorAll('button')).toHaveLength(0);
  });
});
