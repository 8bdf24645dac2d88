// @vitest-environment happy-dom
import { defineLatchElements } from '@latch/elements';
import {
  createFakeClient,
  signInComplete,
  signInOrganization,
  signInOrganizationMethodNotAllowed,
  signInOrganizationPreselected,
  signInOrganizationRecoveryCodes,
  signInOrganizationTotpEnroll,
  type FakeClientHandlers,
} from '@latch/elements/fixtures';
import { LatchApiError } from '@latch/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

async function mount(first: typeof signInOrganization, handlers: FakeClientHandlers = {}) {
  const client = createFakeClient({ createFlow: () => first, ...handlers });
  const element = document.createElement('latch-sign-in');
  element.client = client;
  document.body.append(element);
  await settle(element);
  return { element, client };
}

// The organization steps use only the generic field types: a select, read-only text and a code input.
describe('<latch-sign-in> organization steps', () => {
  it('renders the organization choice as a labelled select with Continue and the personal account', async () => {
    const { element, client } = await mount(signInOrganization, { submitFlow: () => signInComplete });
    expect(element.querySelector('.latch-intro')?.textContent).toBe('Choose the organization to continue with.');
    const select = getByLabelText(element, 'Organization') as unknown as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    expect(select.required).toBe(true);
    expect([...select.options].map((option) => option.textContent)).toEqual(['Choose…', 'Acme', 'Globex']);
    expect(getButton(element, 'Use my personal account').type).toBe('submit');
    select.value = 'org_globex';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    getButton(element, 'Continue').click();
    await settle(element);
    expect(client.submissions.at(-1)?.submission).toEqual({ step: 'organization', action: 'submit', values: { organization: 'org_globex' } });
  });

  it('shows the preselected organization, and the refusal of a sign-in method the organization does not allow', async () => {
    const refusal = new LatchApiError({ status: 422, code: 'sign_in_method_not_allowed', message: 'not allowed', flow: signInOrganizationMethodNotAllowed });
    const { element } = await mount(signInOrganizationPreselected, {
      submitFlow: () => {
        throw refusal;
      },
    });
    const select = getByLabelText(element, 'Organization') as unknown as HTMLSelectElement;
    // The server's `value` marks its option selected (happy-dom does not reflect it into `select.value`).
    expect([...select.options].filter((option) => option.hasAttribute('selected')).map((option) => option.value)).toEqual(['org_globex']);
    getButton(element, 'Continue').click();
    await settle(element);
    expect(element.textContent).toContain('This organization does not allow the way you signed in.');
  });

  it('shows the setup key read-only with a code input, then the recovery codes once', async () => {
    const { element, client } = await mount(signInOrganizationTotpEnroll, { submitFlow: () => signInOrganizationRecoveryCodes });
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('This organization requires two-step verification.');
    const key = getByLabelText(element, 'Setup key');
    expect(key.readOnly).toBe(true);
    expect(key.value).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(getButton(element, 'Choose another organization')).toBeDefined();
    type(getByLabelText(element, 'Authentication code'), '123456');
    getButton(element, 'Verify and continue').click();
    await settle(element);
    expect(client.submissions.at(-1)?.submission).toMatchObject({ step: 'organization-totp-enroll', action: 'submit', values: { code: '123456' } });
    const codes = getByLabelText(element, 'Recovery codes');
    expect(codes.readOnly).toBe(true);
    expect(codes.value).toBe('k7m2-q9xd w3pf-8hta');
    expect(getButton(element, 'I have saved them, continue')).toBeDefined();
  });

  it('preselects the organization named by its organization attribute (the one whose branding it shows)', async () => {
    const client = createFakeClient({ createFlow: () => signInOrganizationPreselected });
    const element = document.createElement('latch-sign-in');
    element.setAttribute('organization', 'acme');
    element.client = client;
    document.body.append(element);
    await settle(element);
    expect(client.flowOrganizations).toEqual(['acme']);
  });
});

