// Plain Node, no DOM: the package must import and server-render without touching browser globals.
import { createFakeClient } from '@latch/elements/fixtures';
import { LatchProvider, SignIn, SignUp } from '@latch/react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

describe('server rendering', () => {
  it('renders the custom element tags without a DOM', () => {
    expect(globalThis.document).toBeUndefined();
    const html = renderToString(
      <LatchProvider client={createFakeClient()}>
        <SignIn className="card" />
        <SignUp />
      </LatchProvider>,
    );
    expect(html).toContain('<latch-sign-in class="card"');
    expect(html).toContain('<latch-sign-up');
  });
});
