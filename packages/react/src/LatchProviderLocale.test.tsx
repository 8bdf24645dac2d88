// @vitest-environment happy-dom
import type { LatchLocale } from '@latch/elements';
import { createFakeClient } from '@latch/elements/fixtures';
import { LatchProvider, SignIn, SignUp } from '@latch/react';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';

// As in react.test.tsx: the browser build of @lit/react sets properties.
vi.mock('@lit/react', () => import('../node_modules/@lit/react/development/index.js'));

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;

async function render(ui: ReactNode): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(ui));
  return container;
}

/** Lets the flows start and the lazily loaded tables arrive, up to a second. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 1000; waited += 10) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
  }
}

afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
});

const headings = (container: HTMLElement) => [...container.querySelectorAll('h2')].map((heading) => heading.textContent?.trim());


describe('<LatchProvider locale>', () => {
  it('passes its language to every wrapped element; a component’s own locale wins', async () => {
    const client = createFakeClient();
    const container = await render(
      <LatchProvider client={client} locale="fr">
        <SignIn />
        <SignUp />
        <SignIn locale="ja" />
      </LatchProvider>,
    );
    const expected = ['Se connecter', 'Créer votre compte', 'ログイン'];
    await until(() => JSON.stringify(headings(container)) === JSON.stringify(expected));
    expect(headings(container)).toEqual(expected);
    expect(container.querySelector('latch-sign-in')?.getAttribute('dir')).toBeNull();
    expect(client.flowLocales).toEqual(['fr', 'fr', 'ja']);
  });

  it('lays Arabic out right to left', async () => {
    const container = await render(
      <LatchProvider client={createFakeClient()} locale="ar">
        <SignIn />
      </LatchProvider>,
    );
    await until(() => headings(container)[0] === 'تسجيل الدخول');
    expect(headings(container)).toEqual(['تسجيل الدخول']);
    expect(container.querySelector('latch-sign-in')?.getAttribute('dir')).toBe('rtl');
  });

  it('takes an app’s own table too', async () => {
    const table: LatchLocale = { lang: 'en', strings: { 'heading.sign-in': 'Welcome back' } };
    const container = await render(
      <LatchProvider client={createFakeClient()} locale={table}>
        <SignIn />
      </LatchProvider>,
    );
    await until(() => headings(container)[0] === 'Welcome back');
    expect(headings(container)).toEqual(['Welcome back']);
  });
});
