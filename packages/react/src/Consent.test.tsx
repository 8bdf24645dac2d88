// @vitest-environment happy-dom
import type { UserConsent } from '@latch/client';
import type { LatchConsent } from '@latch/elements';
import { consentPurposes, createFakeClient } from '@latch/elements/fixtures';
import { Consent, LatchProvider, useConsents, type ConsentChangedEvent } from '@latch/react';
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

function MarketingStatus() {
  const consents = useConsents();
  const marketing = consents.data?.find((purpose) => purpose.id === 'marketing_email');
  return <p data-testid="marketing">{marketing ? (marketing.granted ? 'send' : 'stop') : 'loading'}</p>;
}

describe('<Consent>', () => {
  it('renders <latch-consent> with the provider client, passes latch:consent-changed on and keeps useConsents() current', async () => {
    let purposes: UserConsent[] = consentPurposes;
    const client = createFakeClient({
      getConsents: () => ({ purposes }),
      updateConsents: ({ decisions }) => {
        purposes = purposes.map((p) => (decisions[p.id] === 'withdrawn' ? { ...p, decision: 'withdrawn', granted: false } : p));
        return { purposes };
      },
    });
    const changes: ConsentChangedEvent[] = [];
    const container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    await act(async () =>
      root?.render(
        <LatchProvider client={client} queryClient={new QueryClient()}>
          <MarketingStatus />
          <Consent onConsentChanged={(event) => changes.push(event)} />
        </LatchProvider>,
      ),
    );
    await flush();
    const element = container.querySelector('latch-consent') as LatchConsent;
    expect(element.client).toBe(client);
    expect(container.querySelector('[data-testid="marketing"]')?.textContent).toBe('send');
    const marketing = element.querySelector<HTMLInputElement>('input[data-purpose="marketing_email"]');
    await act(async () => {
      if (!marketing) return;
      marketing.checked = false;
      marketing.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(changes.map((event) => event.detail.decision)).toEqual(['withdrawn']);
    expect(container.querySelector('[data-testid="marketing"]')?.textContent).toBe('stop');
  });
});
