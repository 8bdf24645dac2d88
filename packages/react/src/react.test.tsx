// @vitest-environment happy-dom
import type { LatchClient, Session } from '@latch/client';
import type { LatchReauthenticate, LatchSignIn } from '@latch/elements';
import { createFakeClient, recoveryNewPassword, signedInSession, signInComplete, signInPassword, signUpCredentials } from '@latch/elements/fixtures';
import { LatchProvider, PasswordReset, Reauthenticate, SignIn, SignUp, useLatchClient, useSession, useSignOut, type SignedInEvent } from '@latch/react';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Vitest loads dependencies through Node, whose `node` export condition picks
// @lit/react's server build: it renders markup and never sets properties.
// These tests stand in for a browser, so they use the browser build.
vi.mock('@lit/react', () => import('../node_modules/@lit/react/development/index.js'));

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
let container: HTMLElement;

async function render(ui: ReactNode): Promise<HTMLElement> {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(ui));
  await flush();
  return container;
}

/** Lets queries, element updates and fake-client promises settle inside act(). */
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

function quietQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}

function SessionView() {
  const session = useSession();
  if (session.isPending) return <p>pending</p>;
  return <p data-testid="session">{session.data?.authenticated ? session.data.user.email : 'signed out'}</p>;
}

function SignOutButton() {
  const signOut = useSignOut();
  return (
    <button type="button" onClick={() => signOut.mutate()}>
      Sign out
    </button>
  );
}

function text(selector: string): string | undefined {
  return container.querySelector(selector)?.textContent ?? undefined;
}

describe('useSession', () => {
  it('returns the session from the client', async () => {
    const client = createFakeClient({ getSession: () => signedInSession });
    await render(
      <LatchProvider client={client} queryClient={quietQueryClient()}>
        <SessionView />
      </LatchProvider>,
    );
    expect(text('[data-testid="session"]')).toBe('ada@example.com');
  });

  it('follows the client session store, e.g. a sign-out made outside React', async () => {
    const client = createFakeClient({ getSession: () => signedInSession });
    await render(
      <LatchProvider client={client}>
        <SessionView />
      </LatchProvider>,
    );
    expect(text('[data-testid="session"]')).toBe('ada@example.com');
    await act(async () => client.session.set({ authenticated: false }));
    await flush();
    expect(text('[data-testid="session"]')).toBe('signed out');
  });
});

describe('useSignOut', () => {
  it('signs out through the client and marks the session signed out', async () => {
    let signedOut = false;
    const client = createFakeClient({
      getSession: (): Session => (signedOut ? { authenticated: false } : signedInSession),
      signOut: () => {
        signedOut = true;
      },
    });
    // The store is bypassed here so the test shows the mutation itself updates the query.
    const isolated: LatchClient = { ...client, session: { ...client.session, subscribe: () => () => undefined } };
    await render(
      <LatchProvider client={isolated} queryClient={quietQueryClient()}>
        <SessionView />
        <SignOutButton />
      </LatchProvider>,
    );
    expect(text('[data-testid="session"]')).toBe('ada@example.com');
    await act(async () => container.querySelector('button')?.click());
    await flush();
    expect(signedOut).toBe(true);
    expect(text('[data-testid="session"]')).toBe('signed out');
  });
});

describe('<Reauthenticate>', () => {
  it('renders <latch-reauthenticate>, which starts a re-authentication with the provider client', async () => {
    const created: { type: string; reauthenticate?: boolean }[] = [];
    const client = createFakeClient({
      createFlow: (options) => {
        created.push(options);
        return signInPassword;
      },
    });
    await render(
      <LatchProvider client={client}>
        <Reauthenticate className="card" />
      </LatchProvider>,
    );
    const element = container.querySelector<LatchReauthenticate>('latch-reauthenticate');
    expect(element?.client).toBe(client);
    expect(element?.className).toBe('card');
    expect(created).toEqual([{ type: 'sign-in', reauthenticate: true }]);
    expect(element?.querySelector('h2')?.textContent).toBe('Confirm it’s you');
    expect(element?.querySelector('input[name="password"]')).not.toBeNull();
  });
});

describe('<SignIn>', () => {
  it('renders <latch-sign-in> with the provider client, which renders the flow', async () => {
    const client = createFakeClient();
    await render(
      <LatchProvider client={client}>
        <SignIn className="card" />
      </LatchProvider>,
    );
    const element = container.querySelector<LatchSignIn>('latch-sign-in');
    expect(element?.client).toBe(client);
    expect(element?.className).toBe('card');
    expect(customElements.get('latch-sign-in')).toBeDefined();
    expect(client.createdFlows).toEqual(['sign-in']);
    expect(element?.querySelector('input[name="email"]')).not.toBeNull();
  });

  it('calls onSignedIn and updates useSession when the flow completes', async () => {
    let signedIn = false;
    const client = createFakeClient({
      createFlow: () => signInPassword,
      submitFlow: () => {
        signedIn = true;
        return signInComplete;
      },
      getSession: () => (signedIn ? signedInSession : { authenticated: false }),
    });
    const isolated: LatchClient = { ...client, session: { ...client.session, subscribe: () => () => undefined } };
    const events: SignedInEvent[] = [];
    await render(
      <LatchProvider client={isolated} queryClient={quietQueryClient()}>
        <SessionView />
        <SignIn onSignedIn={(event) => events.push(event)} />
      </LatchProvider>,
    );
    expect(text('[data-testid="session"]')).toBe('signed out');
    const password = container.querySelector<HTMLInputElement>('input[name="password"]');
    if (!password) throw new Error('No password input.');
    password.value = 'correct horse battery staple';
    await act(async () => container.querySelector<HTMLButtonElement>('button[value="submit"]')?.click());
    await flush();
    expect(events.map((event) => event.detail.session)).toEqual([signedInSession]);
    expect(text('[data-testid="session"]')).toBe('ada@example.com');
  });
});

describe('<SignUp>', () => {
  it('renders <latch-sign-up> with the provider client', async () => {
    const client = createFakeClient();
    await render(
      <LatchProvider client={client}>
        <SignUp />
      </LatchProvider>,
    );
    const element = container.querySelector('latch-sign-up');
    expect(element?.client).toBe(client);
    expect(element?.flow?.id).toBe(signUpCredentials.id);
    expect(element?.querySelector('input[autocomplete="new-password"]')).not.toBeNull();
  });
});

describe('<PasswordReset>', () => {
  it('renders <latch-recovery>, resuming the flow named by flowId', async () => {
    const client = createFakeClient({ getFlow: ({ id }) => ({ ...recoveryNewPassword, id }) });
    await render(
      <LatchProvider client={client}>
        <PasswordReset flowId="flow-from-link" />
      </LatchProvider>,
    );
    const element = container.querySelector('latch-recovery');
    expect(element?.client).toBe(client);
    expect(element?.flow?.id).toBe('flow-from-link');
    expect(client.createdFlows).toEqual([]);
    expect(element?.querySelector('input[autocomplete="new-password"]')).not.toBeNull();
  });

  it('starts a recovery flow without flowId, and SignIn passes recoveryHref through', async () => {
    const client = createFakeClient();
    await render(
      <LatchProvider client={client}>
        <PasswordReset />
        <SignIn recoveryHref="/reset-password" />
      </LatchProvider>,
    );
    expect(client.createdFlows).toEqual(['recovery', 'sign-in']);
    expect(container.querySelector('latch-sign-in')?.recoveryHref).toBe('/reset-password');
  });
});

describe('<LatchProvider>', () => {
  it('reuses an enclosing QueryClient and exposes the client', async () => {
    const outer = quietQueryClient();
    const client = createFakeClient();
    const seen: { queryClient?: QueryClient; client?: LatchClient } = {};
    function Probe() {
      seen.queryClient = useQueryClient();
      seen.client = useLatchClient();
      return null;
    }
    await render(
      <QueryClientProvider client={outer}>
        <LatchProvider client={client}>
          <Probe />
        </LatchProvider>
      </QueryClientProvider>,
    );
    expect(seen.queryClient).toBe(outer);
    expect(seen.client).toBe(client);
  });

  it('creates a client for baseUrl when none is given', async () => {
    let client: LatchClient | undefined;
    function Probe() {
      client = useLatchClient();
      return null;
    }
    await render(
      <LatchProvider baseUrl="https://example.test">
        <Probe />
      </LatchProvider>,
    );
    expect(typeof client?.createFlow).toBe('function');
  });

  it('makes useLatchClient fail loudly outside a provider', async () => {
    function Orphan() {
      useLatchClient();
      return null;
    }
    container = document.createElement('div');
    root = createRoot(container);
    // Under act(), React rethrows render errors instead of reporting them to the window.
    await expect(act(async () => root?.render(<Orphan />))).rejects.toThrow(/needs a <LatchProvider>/);
  });
});
