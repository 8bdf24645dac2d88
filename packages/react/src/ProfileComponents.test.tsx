// @vitest-environment happy-dom
import type { LatchProfileDetails, LatchProgressiveProfile } from '@latch/elements';
import { checkoutPrompt, createFakeClient, profileFilled, profilePromptComplete } from '@latch/elements/fixtures';
import { LatchProvider, ProfileDetails, ProgressiveProfile, type ProfileCompletedEvent, type ProfileSkippedEvent } from '@latch/react';
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

async function render(node: React.ReactNode): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(node));
  await flush();
  return container;
}

afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
});

describe('<ProfileDetails>', () => {
  it('renders <latch-profile-details> with the provider client', async () => {
    const client = createFakeClient({ getProfile: () => profileFilled });
    const container = await render(
      <LatchProvider client={client} queryClient={new QueryClient()}>
        <ProfileDetails />
      </LatchProvider>,
    );
    const element = container.querySelector('latch-profile-details') as LatchProfileDetails;
    expect(element.client).toBe(client);
    expect(element.querySelector('input[name="display_name"]')).toHaveProperty('value', 'Ada');
  });
});

describe('<ProgressiveProfile>', () => {
  it('runs the prompt of promptKey and passes completion and skip to the callbacks', async () => {
    const client = createFakeClient({ startProfileFlow: () => checkoutPrompt, submitFlow: () => profilePromptComplete });
    const completed: ProfileCompletedEvent[] = [];
    const skipped: ProfileSkippedEvent[] = [];
    const container = await render(
      <LatchProvider client={client} queryClient={new QueryClient()}>
        <ProgressiveProfile promptKey="checkout" onProfileCompleted={(event) => completed.push(event)} onProfileSkipped={(event) => skipped.push(event)} />
      </LatchProvider>,
    );
    const element = container.querySelector('latch-progressive-profile') as LatchProgressiveProfile;
    expect(element.key).toBe('checkout');
    expect(client.profileCalls).toEqual(['startProfileFlow:checkout']);
    const skip = [...element.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Skip for now');
    await act(async () => skip?.click());
    await flush();
    expect(skipped.map((event) => event.detail.key)).toEqual(['checkout']);
    expect(completed).toEqual([]);
  });
});
