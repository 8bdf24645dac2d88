import type { Branding, LatchClient } from '@latch/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface BrandingHost extends ReactiveControllerHost, HTMLElement {
  /** The organization slug to load branding for (attribute `organization`). */
  organization: string | undefined;
  /** The branding in effect; set by the controller after a load, or directly by the app. */
  branding: Branding | undefined;
}

const propertyName = /^--latch-[a-z0-9-]{1,100}$/u;
// The server validates these already; this keeps a compromised or misconfigured
// server from ending the declaration. setProperty() never parses selectors anyway.
const safeValue = /^[^;{}<>\\]{0,200}$/u;
const safeLogo = /^(?:https:\/\/|\/(?!\/))[^\s"'()<>\\]*$/u;

/** The logo URL if it is one the server is allowed to send (https, or a path on this origin). */
export function brandingLogo(branding: Branding | undefined): string | undefined {
  const url = branding?.logoUrl;
  return url && safeLogo.test(url) ? url : undefined;
}

/**
 * Loads the branding of `host.organization` through the client and applies
 * its `--latch-*` properties to the host element's inline style, where they
 * win over inherited theme properties and reach every descendant (the
 * element renders into the light DOM). Properties of a previous branding are
 * removed first, so switching organizations never leaves a mix. A failed
 * load (unknown slug, network) leaves the default look: branding is
 * decoration, never a reason not to sign in.
 */
export class BrandingController implements ReactiveController {
  private requested: string | undefined;
  private applied: Branding | undefined;
  private readonly appliedNames = new Set<string>();

  private readonly host: BrandingHost;
  private readonly client: () => Pick<LatchClient, 'getBranding'>;

  constructor(host: BrandingHost, client: () => Pick<LatchClient, 'getBranding'>) {
    this.host = host;
    this.client = client;
    host.addController(this);
  }

  hostUpdate(): void {
    const organization = this.host.organization || undefined;
    if (organization === this.requested || !this.host.isConnected) return;
    this.requested = organization;
    if (organization === undefined) {
      this.host.branding = undefined;
      return;
    }
    this.client()
      .getBranding({ organization })
      .then(
        (branding) => {
          if (this.requested === organization) this.host.branding = branding;
        },
        () => {
          if (this.requested === organization) this.host.branding = undefined;
        },
      );
  }

  hostUpdated(): void {
    const branding = this.host.branding;
    if (branding === this.applied) return;
    this.applied = branding;
    for (const name of this.appliedNames) this.host.style.removeProperty(name);
    this.appliedNames.clear();
    for (const [name, value] of Object.entries(branding?.properties ?? {})) {
      if (!propertyName.test(name) || typeof value !== 'string' || !safeValue.test(value)) continue;
      this.host.style.setProperty(name, value);
      this.appliedNames.add(name);
    }
  }
}
