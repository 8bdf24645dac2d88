// @vitest-environment happy-dom
import { LatchApiError, type ActiveOrganization } from '@latch/client';
import { defineLatchElements, LatchOrgSwitcher, type OrgChangedEvent } from '@latch/elements';
import { acmeSummary, createFakeClient, globexSummary, organizationList, signedInAtAcme, signedInSession, type FakeClientHandlers } from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, settle, type } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

const active = (summary: typeof acmeSummary): ActiveOrganization => ({ id: summary.id, name: summary.name, slug: summary.slug, role: summary.role, permissions: summary.permissions });

async function mount(handlers: FakeClientHandlers = {}) {
  const client = createFakeClient({
    getSession: () => signedInAtAcme,
    ...handlers,
    organizations: {
      listOrganizations: () => organizationList,
      switchOrganization: ({ organizationId }) => (organizationId === globexSummary.id ? active(globexSummary) : organizationId === acmeSummary.id ? active(acmeSummary) : null),
      ...handlers.organizations,
    },
  });
  const element = document.createElement('latch-org-switcher');
  element.client = client;
  const events: OrgChangedEvent[] = [];
  element.addEventListener('latch:org-changed', (event) => events.push(event));
  document.body.append(element);
  await settle(element);
  return { element, client, events };
}

const key = (target: Element, name: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
const trigger = (element: HTMLElement) => element.querySelector<HTMLButtonElement>('button[aria-haspopup="listbox"]')!;
const listbox = (element: HTMLElement) => element.querySelector<HTMLElement>('[role="listbox"]');
const activeOption = (element: HTMLElement) => document.getElementById(listbox(element)?.getAttribute('aria-activedescendant') ?? '')?.textContent?.replace(/\s+/gu, ' ').trim();

describe('<latch-org-switcher>', () => {
  it('names the session’s organization on a collapsed listbox button', async () => {
    const { element } = await mount();
    expect(element).toBeInstanceOf(LatchOrgSwitcher);
    expect(element.shadowRoot).toBeNull();
    const button = trigger(element);
    expect(button.textContent?.trim()).toBe('Acme');
    expect(button.getAttribute('aria-label')).toBe('Acme, switch organization');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(listbox(element)).toBeNull();
  });

  it('is driven by the keyboard: arrows, Home/End, Enter switches and emits latch:org-changed', async () => {
    const { element, client, events } = await mount();
    key(trigger(element), 'ArrowDown');
    await settle(element);
    const list = listbox(element)!;
    expect(trigger(element).getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(list);
    expect([...list.querySelectorAll('[role="option"]')].map((option) => [option.textContent?.replace(/\s+/gu, ' ').trim(), option.getAttribute('aria-selected')])).toEqual([
      ['Personal account', 'false'],
      ['Acme owner', 'true'],
      ['Globex member', 'false'],
    ]);
    expect(activeOption(element)).toBe('Acme owner');
    key(list, 'ArrowDown');
    await settle(element);
    expect(activeOption(element)).toBe('Globex member');
    key(list, 'ArrowDown');
    await settle(element);
    expect(activeOption(element)).toBe('Personal account');
    key(list, 'End');
    await settle(element);
    expect(activeOption(element)).toBe('Globex member');
    key(list, 'Enter');
    await settle(element);
    expect(client.orgCalls.at(-1)).toEqual(['switchOrganization', { organizationId: globexSummary.id }]);
    expect(events.map((event) => event.detail.organization?.slug)).toEqual(['globex']);
    expect(events[0]?.bubbles && events[0].composed).toBe(true);
    expect(trigger(element).textContent?.trim()).toBe('Globex');
    expect(document.activeElement).toBe(trigger(element));
    expect(element.querySelector('[role="status"]')?.textContent).toBe('You are now acting in Globex.');
  });

  it('switches to the personal account, and Escape closes without switching', async () => {
    const { element, events } = await mount();
    trigger(element).click();
    await settle(element);
    key(listbox(element)!, 'Escape');
    await settle(element);
    expect(listbox(element)).toBeNull();
    expect(document.activeElement).toBe(trigger(element));
    expect(events).toHaveLength(0);
    trigger(element).click();
    await settle(element);
    key(listbox(element)!, 'Home');
    key(listbox(element)!, ' ');
    await settle(element);
    expect(events.map((event) => event.detail.organization)).toEqual([null]);
    expect(trigger(element).textContent?.trim()).toBe('Personal account');
  });

  it('announces a refusal and keeps the organization', async () => {
    const { element, events } = await mount({
      organizations: {
        switchOrganization: () => {
          throw new LatchApiError({ status: 403, code: 'org_mfa_required', message: 'no' });
        },
      },
    });
    trigger(element).click();
    await settle(element);
    element.querySelectorAll<HTMLElement>('[role="option"]')[2]!.click();
    await settle(element);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('requires two-step verification');
    expect(events).toHaveLength(0);
    expect(trigger(element).textContent?.trim()).toBe('Acme');
  });

  it('creates an organization from labelled fields, suggests the slug, and switches to it', async () => {
    const created = { ...acmeSummary, id: 'org_new', name: 'New Co', slug: 'new-co' };
    const { element, client, events } = await mount({
      getSession: () => signedInSession,
      organizations: {
        createOrganization: () => ({ ...created, metadata: {}, policy: { requireMfa: false, allowedMethods: null }, domainJoin: 'offer', createdAt: '2030-01-01T00:00:00.000Z' }),
        switchOrganization: () => active(created),
      },
    });
    expect(trigger(element).textContent?.trim()).toBe('Personal account');
    getButton(element, 'Create organization').click();
    await settle(element);
    type(getByLabelText(element, 'Name'), 'New Co');
    expect(getByLabelText(element, 'Slug').value).toBe('new-co');
    getButton(element, 'Create').closest('form')!.requestSubmit();
    await settle(element);
    expect(client.orgCalls.map(([name]) => name)).toEqual(['listOrganizations', 'createOrganization', 'listOrganizations', 'switchOrganization']);
    expect(client.orgCalls[1]?.[1]).toEqual({ name: 'New Co', slug: 'new-co' });
    expect(events.map((event) => event.detail.organization?.id)).toEqual(['org_new']);
  });

  it('hides creation and the personal account when the configuration says so', async () => {
    const { element } = await mount({ organizations: { listOrganizations: () => ({ ...organizationList, canCreate: false, personalAccounts: false }) } });
    expect([...element.querySelectorAll('button')].some((button) => button.textContent?.trim() === 'Create organization')).toBe(false);
    trigger(element).click();
    await settle(element);
    expect([...element.querySelectorAll('[role="option"]')].map((option) => option.textContent?.replace(/\s+/gu, ' ').trim())).toEqual(['Acme owner', 'Globex member']);
  });
});
