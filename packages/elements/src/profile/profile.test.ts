// @vitest-environment happy-dom
import { LatchApiError } from '@latch/client';
import { defineLatchElements, LatchProfile, parseSections, type AccountChangedEvent, type SignedOutEvent } from '@latch/elements';
import { accountFixture, accountSessions, createFakeClient, signInComplete, signInPassword, type FakeClientHandlers } from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, queryButton, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

async function mount(handlers: FakeClientHandlers = {}, attributes: Record<string, string> = {}) {
  const client = createFakeClient(handlers);
  const element = document.createElement('latch-profile');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.client = client;
  const changes: AccountChangedEvent[] = [];
  const signOuts: SignedOutEvent[] = [];
  element.addEventListener('latch:account-changed', (event) => changes.push(event));
  element.addEventListener('latch:signed-out', (event) => signOuts.push(event));
  document.body.append(element);
  await settle(element);
  return { element, client, changes, signOuts };
}

const section = (element: HTMLElement, name: string) => element.querySelector<HTMLElement>(`section[data-section="${name}"]`)!;
const alertText = (root: HTMLElement) => root.querySelector('[role="alert"]')?.textContent?.trim() ?? '';
const submit = (root: HTMLElement) => root.querySelector('form')!.requestSubmit();

describe('parseSections', () => {
  it('keeps known names in the canonical order and falls back to all', () => {
    expect(parseSections('password email nonsense')).toEqual(['email', 'password']);
    expect(parseSections('sessions')).toEqual(['sessions']);
    expect(parseSections('')).toHaveLength(6);
    expect(parseSections('nonsense')).toHaveLength(6);
  });
});

describe('<latch-profile>', () => {
  it('renders every section as a landmark named by its heading, in the light DOM, with the hosted elements', async () => {
    const { element } = await mount();
    expect(element).toBeInstanceOf(LatchProfile);
    expect(element.shadowRoot).toBeNull();
    const sections = [...element.querySelectorAll<HTMLElement>('section[data-section]')];
    expect(sections.map((node) => node.dataset.section)).toEqual(['details', 'email', 'password', 'security', 'sessions', 'privacy']);
    for (const node of sections) {
      const heading = element.querySelector(`#${node.getAttribute('aria-labelledby')}`);
      expect(heading?.tagName).toBe('H2');
    }
    expect(sections.map((node) => node.querySelector('h2')?.textContent)).toEqual(['Personal details', 'Email address', 'Password', 'Security', 'Signed-in devices', 'Privacy']);
    expect(section(element, 'details').querySelector('latch-profile-details')).not.toBeNull();
    expect(section(element, 'security').querySelector('latch-mfa-enroll')).not.toBeNull();
    expect(section(element, 'privacy').querySelector('latch-consent')).not.toBeNull();
  });

  it('shows only the sections asked for, loading only what they need', async () => {
    const { element, client } = await mount({}, { section: 'sessions' });
    expect([...element.querySelectorAll<HTMLElement>('section[data-section]')].map((node) => node.dataset.section)).toEqual(['sessions']);
    expect(client.accountCalls).toEqual(['listSessions']);
    element.setAttribute('sections', 'email password');
    await settle(element);
    expect([...element.querySelectorAll<HTMLElement>('section[data-section]')].map((node) => node.dataset.section)).toEqual(['email', 'password']);
  });

  it('changes the email address: code sent to the new one, confirmed, event fired; a wrong code is announced', async () => {
    let attempts = 0;
    const { element, client, changes } = await mount(
      {
        confirmEmailChange: ({ code }) => {
          attempts += 1;
          if (code !== '123456') throw new LatchApiError({ status: 422, code: 'invalid_code', message: 'no' });
          return { email: 'new@example.com' };
        },
      },
      { section: 'email' },
    );
    expect(element.textContent).toContain(`Your email address is ${accountFixture.email}.`);
    getButton(element, 'Change email address').click();
    await settle(element);
    type(getByLabelText(element, 'New email address'), 'new@example.com');
    submit(element);
    await settle(element);
    expect(element.textContent).toContain('We sent a code to new@example.com');
    type(getByLabelText(element, 'Confirmation code'), '000000');
    submit(element);
    await settle(element);
    expect(alertText(element)).toBe('That code is not right. Check the email and try again.');
    type(getByLabelText(element, 'Confirmation code'), '123456');
    submit(element);
    await settle(element);
    expect(attempts).toBe(2);
    expect(element.textContent).toContain('Your email address is new@example.com.');
    expect(changes.map((event) => event.detail)).toEqual([{ change: 'email', email: 'new@example.com' }]);
    expect(client.accountCalls).toEqual(['getAccount', 'requestEmailChange:new@example.com', 'confirmEmailChange:000000', 'confirmEmailChange:123456']);
  });

  it('asks the user to confirm it is them when the server wants a recent sign-in, then retries', async () => {
    let recent = false;
    const { element, client } = await mount(
      {
        requestEmailChange: ({ email }) => {
          if (!recent) throw new LatchApiError({ status: 401, code: 'reauthentication_required', message: 'again', maxAge: 300 });
          return { pendingEmail: email, expiresAt: '2030-01-01T00:15:00.000Z' };
        },
        createFlow: () => signInPassword,
        submitFlow: () => {
          recent = true;
          return signInComplete;
        },
      },
      { section: 'email' },
    );
    getButton(element, 'Change email address').click();
    await settle(element);
    type(getByLabelText(element, 'New email address'), 'new@example.com');
    submit(element);
    await settle(element);
    const reauth = element.querySelector('latch-reauthenticate');
    expect(reauth).not.toBeNull();
    type(getByLabelText(reauth as HTMLElement, 'Password'), 'correct horse battery staple');
    (reauth as HTMLElement).querySelector('form')!.requestSubmit();
    await settle(element);
    await settle(element);
    expect(element.querySelector('latch-reauthenticate')).toBeNull();
    expect(client.accountCalls.filter((call) => call.startsWith('requestEmailChange'))).toHaveLength(2);
    expect(element.textContent).toContain('We sent a code to new@example.com');
  });

  it('changes the password with the current one, or without it after a recent sign-in; refusals are announced', async () => {
    const { element, client, changes } = await mount(
      {
        changePassword: ({ currentPassword }) => {
          if (currentPassword === 'wrong') throw new LatchApiError({ status: 422, code: 'invalid_current_password', message: 'no' });
        },
      },
      { section: 'password' },
    );
    expect(element.querySelector('input[type="password"]')).toBeNull();
    getButton(element, 'Change password').click();
    await settle(element);
    expect(getByLabelText(element, 'Current password').getAttribute('autocomplete')).toBe('current-password');
    expect(document.activeElement).toBe(getByLabelText(element, 'Current password'));
    expect(getByLabelText(element, 'New password').getAttribute('autocomplete')).toBe('new-password');
    type(getByLabelText(element, 'Current password'), 'wrong');
    type(getByLabelText(element, 'New password'), 'a long new passphrase');
    submit(element);
    await settle(element);
    expect(alertText(element)).toBe('Your current password is not right.');
    type(getByLabelText(element, 'Current password'), '');
    type(getByLabelText(element, 'New password'), 'a long new passphrase');
    // Still open after the refusal; submitted again without the current password (a recent sign-in).
    submit(element);
    await settle(element);
    expect(client.accountCalls).toEqual(['getAccount', 'changePassword:current', 'changePassword:recent']);
    expect(changes.map((event) => event.detail.change)).toEqual(['password']);
    expect(section(element, 'password').querySelector('[role="status"]')?.textContent).toContain('Your password was changed');
  });

  it('lists devices, marks this one, and signs another out by its id', async () => {
    let sessions = accountSessions;
    const { element, client, changes } = await mount(
      {
        listSessions: () => ({ sessions }),
        revokeSession: ({ id }) => {
          sessions = sessions.filter((item) => item.id !== id);
        },
      },
      { section: 'sessions' },
    );
    const items = [...element.querySelectorAll('li')];
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain('Chrome 131 on Windows');
    expect(items[0]?.textContent).toContain('This device');
    expect(items[0]?.textContent).toContain('network 203.0.113.0/24');
    expect(items[0]?.querySelector('button')).toBeNull();
    const revoke = items[1]!.querySelector('button')!;
    expect(revoke.getAttribute('aria-label')).toBe('End session on Safari 18 on iOS');
    revoke.click();
    await settle(element);
    expect(client.accountCalls).toContain('revokeSession:pub_phone_0000000002');
    expect(element.querySelectorAll('li')).toHaveLength(1);
    expect(changes.map((event) => event.detail)).toEqual([{ change: 'session-revoked', sessionId: 'pub_phone_0000000002' }]);
    expect(queryButton(element, 'End all other sessions')).toBeUndefined();
  });

  it('signs out everywhere and tells the page', async () => {
    const { element, signOuts } = await mount({ listSessions: () => ({ sessions: accountSessions }) }, { section: 'sessions' });
    getButton(element, 'End all sessions, this one too').click();
    await settle(element);
    expect(signOuts.map((event) => event.detail)).toEqual([{ reason: 'everywhere' }]);
    expect(element.querySelector('[role="status"]')?.textContent).toBe('You were signed out everywhere.');
  });

  it('offers the data download as a link and deletes the account only after a confirmation', async () => {
    const { element, client, signOuts } = await mount({}, { section: 'privacy' });
    const link = [...element.querySelectorAll('a')].find((anchor) => anchor.textContent?.trim() === 'Download my data');
    expect(link?.getAttribute('href')).toBe('/auth/account/export');
    expect(link?.hasAttribute('download')).toBe(true);
    getButton(element, 'Delete my account').click();
    await settle(element);
    expect(client.accountCalls).not.toContain('deleteAccount');
    getButton(element, 'Cancel').click();
    await settle(element);
    getButton(element, 'Delete my account').click();
    await settle(element);
    getButton(element, 'Delete permanently').click();
    await settle(element);
    expect(client.accountCalls).toContain('deleteAccount');
    expect(signOuts.map((event) => event.detail)).toEqual([{ reason: 'account-deleted' }]);
    expect(element.textContent).toContain('Your account was deleted.');
  });
});
