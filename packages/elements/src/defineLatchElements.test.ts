// Runs in plain Node: importing the package on a server must not touch DOM globals.
import { describe, expect, it } from 'vitest';

describe('defineLatchElements', () => {
  it('imports without a DOM and does nothing there', async () => {
    expect(globalThis.customElements).toBeUndefined();
    const { defineLatchElements } = await import('@latch/elements');
    expect(() => defineLatchElements()).not.toThrow();
  });

  it('defines every element once and leaves names already taken alone', async () => {
    const { defineLatchElements, LatchSignIn, LatchSignUp } = await import('@latch/elements');
    const foreign = function ForeignSignUp() {} as unknown as CustomElementConstructor;
    const defined = new Map<string, CustomElementConstructor>([['latch-sign-up', foreign]]);
    const registry = {
      get: (name: string) => defined.get(name),
      define: (name: string, constructor: CustomElementConstructor) => {
        if (defined.has(name)) throw new Error(`${name} already defined`);
        defined.set(name, constructor);
      },
    } as unknown as CustomElementRegistry;
    defineLatchElements({ registry });
    defineLatchElements({ registry });
    expect(defined.get('latch-sign-in')).toBe(LatchSignIn);
    expect(defined.get('latch-sign-up')).toBe(foreign);
    expect(defined.get('latch-sign-up')).not.toBe(LatchSignUp);
  });
});
