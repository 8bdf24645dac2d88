// @vitest-environment happy-dom
import { LatchApiError, type Profile } from '@latch/client';
import { defineLatchElements, LatchProfileDetails, type ProfileChangedEvent } from '@latch/elements';
import { createFakeClient, profileEmpty, profileFilled, type FakeClientHandlers } from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

async function mount(handlers: FakeClientHandlers) {
  const client = createFakeClient(handlers);
  const element = document.createElement('latch-profile-details');
  element.client = client;
  const events: ProfileChangedEvent[] = [];
  element.addEventListener('latch:profile-changed', (event) => events.push(event));
  document.body.append(element);
  await settle(element);
  return { element, client, events };
}

describe('<latch-profile-details>', () => {
  it('shows the declared fields with their current values, each labelled', async () => {
    const { element } = await mount({ getProfile: () => profileFilled });
    expect(element).toBeInstanceOf(LatchProfileDetails);
    expect(element.querySelector('h2')?.textContent).toBe('Personal details');
    expect(getByLabelText(element, 'Display name').value).toBe('Ada');
    expect((getByLabelText(element, 'Job role') as unknown as HTMLSelectElement).value).toBe('developer');
    expect(getByLabelText(element, 'Security').checked).toBe(true);
    expect(getByLabelText(element, 'Design').checked).toBe(false);
    expect(getByLabelText(element, 'Birthday').type).toBe('date');
    expect(getByLabelText(element, 'Birthday').value).toBe('1990-12-10');
    expect(getByLabelText(element, 'Send me the monthly newsletter').checked).toBe(true);
  });

  it('saves typed values (empty clears) and announces it', async () => {
    let saved: Profile = profileEmpty;
    const { element, client, events } = await mount({
      getProfile: () => profileEmpty,
      updateProfile: () => {
        saved = profileFilled;
        return saved;
      },
    });
    type(getByLabelText(element, 'Display name'), 'Ada');
    getByLabelText(element, 'AI').checked = true;
    getByLabelText(element, 'Send me the monthly newsletter').checked = true;
    getButton(element, 'Save details').click();
    await settle(element);
    expect(client.profileCalls).toEqual([
      'getProfile',
      `updateProfile:${JSON.stringify({ display_name: 'Ada', phone: null, job_role: null, interests: ['ai'], birthday: null, newsletter: true })}`,
    ]);
    expect(events.map((event) => event.detail.profile)).toEqual([profileFilled]);
    expect(element.querySelector('[role="status"]')?.textContent).toBe('Your details were saved.');
  });

  it('shows refused values next to their fields and keeps what was typed', async () => {
    const { element } = await mount({
      getProfile: () => profileEmpty,
      updateProfile: () => {
        throw new LatchApiError({ status: 400, code: 'invalid_profile', message: 'no', fields: { phone: [{ code: 'pattern', message: 'bad' }] } });
      },
    });
    type(getByLabelText(element, 'Phone'), 'call me');
    getButton(element, 'Save details').click();
    await settle(element);
    const phone = getByLabelText(element, 'Phone');
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    expect(phone.value).toBe('call me');
    expect(element.querySelector('[data-field="phone"] .latch-field__message')?.textContent).toBe('This value does not have the expected format.');
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Some details need attention. Check the fields marked below.');
  });
});
