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
  return { element, client };
}

const heading = (element: HTMLElement) => element.querySelector('h2')?.textContent?.trim();

/** A lazily loaded table arrives some tasks after the first render: waits (up to a second) for the heading to read `text`. */
async function headingBecomes(element: HTMLElement & { updateComplete: Promise<boolean> }, text: string): Promise<void> {
  for (let waited = 0; heading(element) !== text && waited < 1000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    await element.updateComplete;
  }
  expect(heading(element)).toBe(text);
}

describe('the locale of an element', () => {
  it('locale="ar": Arabic labels, right to left, and the flow is asked for in Arabic', async () => {
    const { element, client } = await mountSignIn({ locale: 'ar' });
    await headingBecomes(element, 'تسجيل الدخول');
    expect(element.getAttribute('dir')).toBe('rtl');
    expect(getByLabelText(element, 'البريد الإلكتروني').type).toBe('email');
    expect(getButton(element, 'متابعة')).toBeDefined();
    expect(element.querySelector('.latch-flow')?.getAttribute('lang')).toBe('ar');
    expect(client.flowLocales).toEqual(['ar']);
  });

  it('switches when the attribute changes, and drops its own dir for a left-to-right language', async () => {
    const { element } = await mountSignIn({ locale: 'ar' });
    await headingBecomes(element, 'تسجيل الدخول');
    element.setAttribute('locale', 'de');
    await headingBecomes(element, 'Anmelden');
    expect(getByLabelText(element, 'E-Mail-Adresse')).toBeDefined();
    expect(element.hasAttribute('dir')).toBe(false);
  });

  it('follows the page: <html lang="fr-CA">, and a later change of it', async () => {
    document.documentElement.lang = 'fr-CA';
    const { element, client } = await mountSignIn();
    await headingBecomes(element, 'Se connecter');
    expect(client.flowLocales).toEqual(['fr']);
    document.documentElement.lang = 'ja';
    await headingBecomes(element, 'ログイン');
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
    await headingBecomes(element, 'تسجيل الدخول');
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
