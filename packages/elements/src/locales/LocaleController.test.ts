// @vitest-environment happy-dom
import { defineLatchElements, type LatchLocale } from '@latch/elements';
import { createFakeClient } from '@latch/elements/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getButton, getByLabelText, settle } from '../testing/dom.ts';

beforeAll(() => defineLatchElements());
afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('lang');
  document.documentElement.removeAttribute('dir');
});

/** Renders `<latch-sign-in>` with the attributes given and waits until its table has loaded. */
async function mountSignIn(attributes: Record<string, string> = {}, parent: HTMLElement = document.body) {
  const client = createFakeClient();
  const element = document.createElement('latch-sign-in');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.client = client;
  parent.append(element);
  await settle(element);
  // A lazily loaded table arrives in a later task than the first render.
  await new Promise((resolve) => setTimeout(resolve, 20));
  await settle(element);
  return { element, client };
}

const heading = (element: HTMLElement) => element.querySelector('h2')?.textContent?.trim();

describe('the locale of an element', () => {
  it('locale="ar": Arabic labels, right to left, and the flow is asked for in Arabic', async () => {
    const { element, client } = await mountSignIn({ locale: 'ar' });
    expect(element.getAttribute('dir')).toBe('rtl');
    expect(heading(element)).toBe('تسجيل الدخول');
    expect(getByLabelText(element, 'البريد الإلكتروني').type).toBe('email');
    expect(getButton(element, 'متابعة')).toBeDefined();
    expect(element.querySelector('.latch-flow')?.getAttribute('lang')).toBe('ar');
    expect(client.flowLocales).toEqual(['ar']);
  });

  it('switches when the attribute changes, and drops its own dir for a left-to-right language', async () => {
    const { element } = await mountSignIn({ locale: 'ar' });
    element.setAttribute('locale', 'de');
    await settle(element);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await settle(element);
    expect(heading(element)).toBe('Anmelden');
    expect(getByLabelText(element, 'E-Mail-Adresse')).toBeDefined();
    expect(element.hasAttribute('dir')).toBe(false);
  });

  it('follows the page: <html lang="fr-CA">, and a later change of it', async () => {
    document.documentElement.lang = 'fr-CA';
    const { element, client } = await mountSignIn();
    expect(heading(element)).toBe('Se connecter');
    expect(client.flowLocales).toEqual(['fr']);
    document.documentElement.lang = 'ja';
    await new Promise((resolve) => setTimeout(resolve, 20));
    await settle(element);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await settle(element);
    expect(heading(element)).toBe('ログイン');
  });

  it('falls back to English for a language without a table, and when nothing is set', async () => {
    expect(heading((await mountSignIn({ locale: 'pt-BR' })).element)).toBe('Sign in');
    document.body.replaceChildren();
    const { element, client } = await mountSignIn();
    expect(heading(element)).toBe('Sign in');
    expect(element.hasAttribute('dir')).toBe(false);
    expect(client.flowLocales).toEqual(['en']);
  });

  it('leaves a dir the page set on the element alone', async () => {
    const { element } = await mountSignIn({ locale: 'ar', dir: 'ltr' });
    expect(heading(element)).toBe('تسجيل الدخول');
    expect(element.getAttribute('dir')).toBe('ltr');
  });

  it('sets dir="ltr" for a left-to-right locale inside a right-to-left page', async () => {
    document.documentElement.setAttribute('dir', 'rtl');
    document.documentElement.lang = 'ar';
    const { element } = await mountSignIn({ locale: 'en' });
    expect(heading(element)).toBe('Sign in');
    expect(element.getAttribute('dir')).toBe('ltr');
  });

  it('takes a table of the app’s own as the property, English for its missing keys', async () => {
    const client = createFakeClient();
    const custom: LatchLocale = { lang: 'de', strings: { 'heading.sign-in': 'Willkommen zurück' } };
    const element = document.createElement('latch-sign-in');
    element.client = client;
    element.locale = custom;
    document.body.append(element);
    await settle(element);
    expect(heading(element)).toBe('Willkommen zurück');
    expect(getButton(element, 'Continue')).toBeDefined();
    expect(client.flowLocales).toEqual(['de']);
  });
});
