// @vitest-environment happy-dom
import type { LatchMfaEnroll } from '@latch/elements';
import { createFakeClient, mfaEnrolled, mfaNotEnrolled } from '@latch/elements/fixtures';
import { LatchProvider, MfaEnrollment, type MfaChangedEvent } from '@latch/react';
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

describe('<MfaEnrollment>', () => {
  it('renders <latch-mfa-enroll> with the provider client and passes latch:mfa-changed to onMfaChanged', async () => {
    let status = mfaEnrolled;
    const client = createFakeClient({
      getMfa: () => status,
      removeTotp: () => {
        status = mfaNotEnrolled;
      },
    });
    const changes: MfaChangedEvent[] = [];
    const container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    await act(async () =>
      root?.render(
        <LatchProvider client={client} queryClient={new QueryClient()}>
          <MfaEnrollment onMfaChanged={(event) => changes.push(event)} />
        </LatchProvider>,
      ),
    );
    await flush();
    const element = container.querySelector('latch-mfa-enroll') as LatchMfaEnroll;
    expect(element.client).toBe(client);
    expect(element.textContent).toContain('Authenticator app: set up');
    const remove = [...element.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Remove authenticator app');
    await act(async () => remove?.click());
    await flush();
    expect(changes).toHaveLength(1);
    expect(changes[0]?.detail.status).toEqual(mfaNotEnrolled);
  });
});
