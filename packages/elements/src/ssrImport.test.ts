// Plain Node, no DOM. Importing the package on a server (SSR, a Node script)
// must not touch browser globals at import time: here, reading one from
// Latch code throws, so a module that does fails to import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BROWSER_GLOBALS = ['window', 'document', 'customElements', 'CustomEvent'] as const;
type BrowserGlobal = (typeof BROWSER_GLOBALS)[number];

const touched: string[] = [];
/** Globals the code under test may read (guarded) in the current test. */
const allowed = new Set<BrowserGlobal>();
// Node has its own CustomEvent (since 19); hidden while the modules load, put back after.
const saved = new Map(BROWSER_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]));
/** What Lit's server build installs (its DOM shim's `customElements`), kept so Lit finds it again. */
const installedByLit = new Map<BrowserGlobal, unknown>();

/** Lit's node build looks globals up to shim only what is missing: that is Lit's SSR support, not a browser dependency. */
function accessedByLit(): boolean {
  const caller = new Error().stack?.split('\n')[3] ?? '';
  return /[\\/](?:@lit|@lit-labs|lit-html|lit-element)[\\/]/u.test(caller);
}

function current(name: BrowserGlobal): unknown {
  return installedByLit.has(name) ? installedByLit.get(name) : saved.get(name)?.value;
}

beforeAll(() => {
  for (const name of BROWSER_GLOBALS) {
    if (name !== 'CustomEvent') expect(name in globalThis, `${name} exists in plain Node`).toBe(false);
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        if (accessedByLit() || allowed.has(name)) return current(name);
        touched.push(name);
        throw new Error(`${name} read at import time`);
      },
      set(value: unknown) {
        if (accessedByLit()) {
          installedByLit.set(name, value);
          return;
        }
        touched.push(name);
        throw new Error(`${name} written at import time`);
      },
    });
  }
});
afterAll(() => {
  for (const name of BROWSER_GLOBALS) {
    Reflect.deleteProperty(globalThis, name);
    const descriptor = saved.get(name);
    if (descriptor) Object.defineProperty(globalThis, name, descriptor);
  }
});

describe('importing on a server', () => {
  it('@latch/elements and every locale table touch no browser global', async () => {
    const modules = await Promise.all([
      import('@latch/elements'),
      import('./locales/loadLocale.ts'),
      import('./locales/de.ts'),
      import('./locales/fr.ts'),
      import('./locales/ja.ts'),
      import('./locales/ar.ts'),
    ]);
    expect(modules).toHaveLength(6);
    expect(touched).toEqual([]);
    const { loadLocale } = modules[1];
    expect((await loadLocale('ar')).strings['heading.sign-in']).toBe('تسجيل الدخول');
    expect(touched).toEqual([]);
  });

  it('the side-effect entries (sign-in, define) only look for a registry, and never throw', async () => {
    // Registering is what these entries are for, so they may ask whether a registry exists; nothing else.
    allowed.add('customElements');
    const [signIn] = await Promise.all([import('@latch/elements/sign-in'), import('@latch/elements/define')]);
    expect(signIn.LatchSignIn).toBeTypeOf('function');
    expect(touched).toEqual([]);
  });
});
