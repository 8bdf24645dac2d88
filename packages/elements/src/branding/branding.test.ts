// @vitest-environment happy-dom
import type { Branding } from '@latch/client';
import { defineLatchElements } from '@latch/elements';
import { brandingAcme, createFakeClient, type FakeClientHandlers } from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { settle } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => document.body.replaceChildren());

async function mount(tag: 'latch-sign-in' | 'latch-sign-up', organization: string | undefined, handlers: FakeClientHandlers = {}) {
  const client = createFakeClient(handlers);
  const element = document.createElement(tag);
  element.client = client;
  if (organization) element.setAttribute('organization', organization);
  document.body.append(element);
  await settle(element);
  return { element, client };
}

const heading = (element: HTMLElement) => element.querySelector('[part~="heading"]')?.textContent?.trim();

describe('runtime branding of the flow elements', () => {
  it('loads the organization’s branding and shows its logo, heading and colours', async () => {
    const { element, client } = await mount('latch-sign-in', 'acme', { getBranding: ({ organization }) => ({ ...brandingAcme, organization: { slug: organization ?? '', name: 'Acme' } }) });
    expect(client.brandingCalls).toEqual(['getBranding:acme']);
    const logo = element.querySelector<HTMLImageElement>('img[part="logo"]');
    expect(logo?.getAttribute('src')).toBe('/logos/acme.svg');
    expect(logo?.alt).toBe('Acme');
    expect(heading(element)).toBe('Sign in to Acme');
    expect(element.style.getPropertyValue('--latch-color-action-primary')).toBe('#0f766e');
    expect(element.style.getPropertyValue('--latch-color-text-on-action')).toBe('#ffffff');
    // The form still works: the sign-in step is there under the branding.
    expect(element.querySelector('form input[autocomplete~="username"]')).not.toBeNull();
  });

  it('uses the sign-up copy on <latch-sign-up>', async () => {
    const { element } = await mount('latch-sign-up', 'acme', { getBranding: () => brandingAcme });
    expect(heading(element)).toBe('Create your Acme account');
  });

  it('keeps the default look when the organization is unknown', async () => {
    const { element, client } = await mount('latch-sign-in', 'nobody');
    expect(client.brandingCalls).toEqual(['getBranding:nobody']);
    expect(element.querySelector('img[part="logo"]')).toBeNull();
    expect(heading(element)).toBe('Sign in');
    expect(element.getAttribute('style') ?? '').toBe('');
  });

  it('applies only --latch-* properties with plain values, and only https or same-origin logos', async () => {
    const hostile: Branding = {
      ...brandingAcme,
      logoUrl: 'javascript:alert(1)',
      properties: { '--latch-color-action-primary': '#123456', color: 'red', '--latch-x': 'red; background: url(//evil)', '--other-brand': '#000' },
    };
    const { element } = await mount('latch-sign-in', 'acme', { getBranding: () => hostile });
    expect(element.querySelector('img[part="logo"]')).toBeNull();
    expect(element.style.getPropertyValue('--latch-color-action-primary')).toBe('#123456');
    expect(element.style.getPropertyValue('color')).toBe('');
    expect(element.style.getPropertyValue('--latch-x')).toBe('');
    expect(element.style.getPropertyValue('--other-brand')).toBe('');
  });

  it('removes the previous organization’s properties when the organization changes or goes', async () => {
    const other: Branding = { ...brandingAcme, logoUrl: null, properties: { '--latch-color-action-secondary': '#1e40af' }, copy: { signInHeading: null, signUpHeading: null } };
    const { element, client } = await mount('latch-sign-in', 'acme', { getBranding: ({ organization }) => (organization === 'acme' ? brandingAcme : other) });
    element.setAttribute('organization', 'globex');
    await settle(element);
    expect(client.brandingCalls).toEqual(['getBranding:acme', 'getBranding:globex']);
    expect(element.style.getPropertyValue('--latch-color-action-primary')).toBe('');
    expect(element.style.getPropertyValue('--latch-color-action-secondary')).toBe('#1e40af');
    expect(heading(element)).toBe('Sign in');
    element.removeAttribute('organization');
    await settle(element);
    expect(element.style.getPropertyValue('--latch-color-action-secondary')).toBe('');
  });

  it('takes branding set as a property without fetching', async () => {
    const client = createFakeClient();
    const element = document.createElement('latch-sign-in');
    element.client = client;
    element.branding = brandingAcme;
    document.body.append(element);
    await settle(element);
    expect(client.brandingCalls).toEqual([]);
    expect(heading(element)).toBe('Sign in to Acme');
    expect(element.style.getPropertyValue('--latch-focus-ring-color')).toBe('#0f766e');
  });
});
