// @vitest-environment happy-dom
import type { LatchProfile } from '@latch/elements';
import { accountSessions, createFakeClient } from '@latch/elements/fixtures';
import { LatchProvider, UserProfile, useSession, type SignedOutEvent } from '@latch/react';
import { QueryClient } from '@tanstack/react-query';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';

// As in react.test.tsx: the browser build of @lit/react, which sets properties.
vi.mock('@lit/react', () => import('../node_modules/@lit/react/development/index.js'));

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
});

function SessionState(): React.ReactNode {
  const session = useSession();
  return <output>{session.data?.authenticated ? 'signed in' : 'signed out'}</output>;
}

describe('<UserProfile>', () => {
  it('renders <latch-profile> with the provider client and the chosen sections; a sign-out everywhere reaches onSignedOut and useSession', async () => {
    const client = createFakeClient({
      getSession: () => ({ authenticated: true, user: { id: 'user_0001', email: 'ada@example.com', claims: {} }, expiresAt: '2030-01-02T00:00:00.000Z' }),
      listSessions: () => ({ sessions: accountSessions }),
    });
    const signOuts: SignedOutEvent[] = [];
    const container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    await act(async () =>
      root?.render(
        <LatchProvider client={client} queryClient={new QueryClient()}>
          <SessionState />
          <UserProfile sections={['sessions']} onSignedOut={(event) => signOuts.push(event)} />
        </LatchProvider>,
      ),
    );
    await flush();
    const element = container.querySelector('latch-profile') as LatchProfile;
    expect(element.client).toBe(client);
    expect(element.getAttribute('sections') ?? element.sections).toBe('sessions');
    expect([...element.querySelectorAll('section')].map((node) => node.dataset.section)).toEqual(['sessions']);
    expect(container.querySelector('output')?.textContent).toBe('signed in');
    const everywhere = [...element.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'End all sessions, this one too');
    await act(async () => everywhere?.click());
    await flush();
    expect(signOuts.map((event) => event.detail.reason)).toEqual(['everywhere']);
    expect(container.querySelector('output')?.textContent).toBe('signed out');
  });
});
