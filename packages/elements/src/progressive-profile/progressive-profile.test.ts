// @vitest-environment happy-dom
import { defineLatchElements, LatchProgressiveProfile, type ProfileCompletedEvent, type ProfileSkippedEvent } from '@latch/elements';
import { checkoutPrompt, createFakeClient, profilePromptComplete, signInProfileStep, signInProfileStepInvalid, type FakeClientHandlers } from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

async function mount(handlers: FakeClientHandlers) {
  const client = createFakeClient(handlers);
  const element = document.createElement('latch-progressive-profile');
  element.setAttribute('key', 'checkout');
  element.client = client;
  const completed: ProfileCompletedEvent[] = [];
  const skipped: ProfileSkippedEvent[] = [];
  element.addEventListener('latch:profile-completed', (event) => completed.push(event));
  element.addEventListener('latch:profile-skipped', (event) => skipped.push(event));
  document.body.append(element);
  await settle(element);
  return { element, client, completed, skipped };
}

describe('<latch-progressive-profile>', () => {
  it('starts the on-demand prompt of its key and renders every field type with labels and help', async () => {
    const { element, client } = await mount({ startProfileFlow: () => checkoutPrompt });
    expect(element).toBeInstanceOf(LatchProgressiveProfile);
    expect(client.profileCalls).toEqual(['startProfileFlow:checkout']);
    const phone = getByLabelText(element, 'Phone');
    expect(phone.type).toBe('tel');
    expect(phone.required).toBe(true);
    expect(phone.autocomplete).toBe('tel');
    const help = element.querySelector(`#${phone.getAttribute('aria-describedby') ?? 'none'}`);
    expect(help?.textContent).toBe('For delivery questions only.');
    const group = element.querySelector('fieldset[data-field="interests"]');
    expect(group?.querySelector('legend')?.textContent).toBe('Interests');
    expect(getByLabelText(element, 'AI').type).toBe('checkbox');
    expect(getByLabelText(element, 'Send me the monthly newsletter').type).toBe('checkbox');
    expect(getButton(element, 'Skip for now').formNoValidate).toBe(true);
  });

  it('submits the values (multiselect comma-joined, a ticked box true) and fires latch:profile-completed', async () => {
    const { element, client, completed, skipped } = await mount({ startProfileFlow: () => checkoutPrompt, submitFlow: () => profilePromptComplete });
    type(getByLabelText(element, 'Phone'), '+41 44 000 00 00');
    getByLabelText(element, 'Security').checked = true;
    getByLabelText(element, 'AI').checked = true;
    getByLabelText(element, 'Send me the monthly newsletter').checked = true;
    getButton(element, 'Save and continue').click();
    await settle(element);
    expect(client.submissions).toEqual([
      { id: checkoutPrompt.id, submission: { step: 'profile', action: 'submit', values: { phone: '+41 44 000 00 00', interests: 'security,ai', newsletter: 'true' } } },
    ]);
    expect(completed.map((event) => event.detail)).toEqual([{ key: 'checkout', alreadyComplete: false }]);
    expect(skipped).toEqual([]);
  });

  it('fires latch:profile-skipped when skipped, and completes at once when nothing is missing', async () => {
    const first = await mount({ startProfileFlow: () => checkoutPrompt, submitFlow: () => profilePromptComplete });
    getButton(first.element, 'Skip for now').click();
    await settle(first.element);
    expect(first.client.submissions[0]?.submission.action).toBe('skip');
    expect(first.skipped.map((event) => event.detail)).toEqual([{ key: 'checkout' }]);
    expect(first.completed).toEqual([]);
    document.body.replaceChildren();

    const second = await mount({ startProfileFlow: () => profilePromptComplete });
    expect(second.completed.map((event) => event.detail)).toEqual([{ key: 'checkout', alreadyComplete: true }]);
    expect(second.element.querySelector('form')).toBeNull();
  });
});

describe('the profile step inside <latch-sign-in>', () => {
  it('shows refused values next to their fields, marked invalid, keeping what was typed', async () => {
    const { LatchApiError } = await import('@latch/client');
    const client = createFakeClient({
      createFlow: () => signInProfileStep,
      submitFlow: () => {
        throw new LatchApiError({ status: 422, code: 'too_long', message: 'no', flow: signInProfileStepInvalid });
      },
    });
    const element = document.createElement('latch-sign-in');
    element.client = client;
    document.body.append(element);
    await settle(element);
    const company = getByLabelText(element, 'Company');
    type(company, 'A very long company name');
    const role = getByLabelText(element, 'Job role') as unknown as HTMLSelectElement;
    expect([...role.options].map((option) => option.textContent)).toEqual(['Choose…', 'Developer', 'Designer', 'Manager']);
    role.value = 'designer';
    getButton(element, 'Save and continue').click();
    await settle(element);
    const refusedCompany = getByLabelText(element, 'Company');
    expect(refusedCompany.getAttribute('aria-invalid')).toBe('true');
    expect(refusedCompany.value).toBe('A very long company name');
    expect(element.querySelector(`#${refusedCompany.getAttribute('aria-describedby') ?? 'none'}`)?.textContent).toBe('Use at most 80 characters.');
    expect(element.querySelector('[data-field="job_role"] .latch-field__message')?.getAttribute('data-code')).toBe('invalid_option');
  });
});
