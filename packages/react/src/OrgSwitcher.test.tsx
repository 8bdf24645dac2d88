// @vitest-environment happy-dom
import type { ActiveOrganization, Session } from '@latch/client';
import type { LatchOrgProfile, LatchOrgSwitcher } from '@latch/elements';
import { acmeSummary, createFakeClient, globexSummary, organizationList, signedInAtAcme } from '@latch/elements/fixtures';
import { LatchProvider, OrgProfile, OrgSwitcher, useOrganizations, type OrgChangedEvent } from '@latch/react';
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
  for (let i = 0; i < 6; i++) {
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

const globex: ActiveOrganization = { id: globexSummary.id, name: globexSummary.name, slug: globexSummary.slug, role: globexSummary.role, permissions: globexSummary.permissions };

function Probe() {
  const { list, active } = useOrganizations();
  return (
    <p data-testid="orgs">
      {active === undefined ? 'loading' : (active?.slug ?? 'personal')}:{list.data?.organizations.map((org) => org.slug).join(',') ?? ''}
    </p>
  );
}

describe('<OrgSwitcher>, <OrgProfile> and useOrganizations()', () => {
  it('switches through the element, calls onOrgChanged, and useOrganizations follows the session', async () => {
    let session: Session = signedInAtAcme;
    const client = createFakeClient({
      getSession: () => session,
      organizations: {
        listOrganizations: () => organizationList,
        switchOrganization: async () => {
          session = { ...(signedInAtAcme as Extract<Session, { authenticated: true }>), organization: globex };
          return globex;
        },
      },
    });
    // The fake client's switch does not reload the session by itself; the real one does.
    const realSwitch = client.switchOrganization;
    client.switchOrganization = async (options) => {
      const organization = await realSwitch(options);
      await client.session.refresh();
      return organization;
    };
    const changes: OrgChangedEvent[] = [];
    const container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    await act(async () =>
      root?.render(
        <LatchProvider client={client} queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
          <OrgSwitcher onOrgChanged={(event) => changes.push(event)} />
          <Probe />
          <OrgProfile organizationId={acmeSummary.id} />
        </LatchProvider>,
      ),
    );
    await flush();
    const element = container.querySelector('latch-org-switcher') as LatchOrgSwitcher;
    expect(element.client).toBe(client);
    expect(container.querySelector('[data-testid="orgs"]')?.textContent).toBe('acme:acme,globex');
    expect((container.querySelector('latch-org-profile') as LatchOrgProfile).organizationId).toBe(acmeSummary.id);

    await act(async () => element.querySelector<HTMLButtonElement>('button[aria-haspopup="listbox"]')?.click());
    await flush();
    await act(async () => element.querySelectorAll<HTMLElement>('[role="option"]')[2]?.click());
    await flush();
    expect(changes.map((event) => event.detail.organization?.slug)).toEqual(['globex']);
    expect(container.querySelector('[data-testid="orgs"]')?.textContent).toBe('globex:acme,globex');
  });
});
