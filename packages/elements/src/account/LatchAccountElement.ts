import { createLatchClient, LatchApiError, type LatchClient } from '@latch/client';
import type { PropertyValues } from 'lit';
import { LatchLightElement } from '../element/LatchLightElement.ts';
import { LocaleController, type LocaleInput } from '../locales/LocaleController.ts';
import { localize } from '../locales/localize.ts';
import type { ElementStylesheet } from '../styles/injectStyles.ts';

/** The error code an element shows for a failed request: the API's own, else `generic` (never raw server text). */
export function errorCode(error: unknown): string {
  return error instanceof LatchApiError ? error.code : 'generic';
}

/** The stylesheet and English strings each account element hands to its base. */
export interface AccountElementResources {
  /** Injected once per document, since light-DOM content cannot use shadow styles. */
  readonly stylesheet: ElementStylesheet;
  /**
   * The English strings only this element shows, added to the shared English
   * fallback when it is created, so a page bundles the strings of the
   * elements it imports and no others.
   */
  readonly english: Readonly<Record<string, string>>;
}

/**
 * The shared plumbing of the signed-in account elements (profile, second
 * factors, organizations, consent), which talk to the BFF's account routes
 * directly rather than through a server-driven flow (those extend
 * `LatchFlowElement`). It holds the `client`, `base-url` and `locale`
 * properties, renders into the light DOM with the subclass's stylesheet
 * injected once per document, translates with `t()`, loads once connected
 * and again for a new `client`, and moves focus after the next render on
 * request (`focusTarget`).
 */
export abstract class LatchAccountElement extends LatchLightElement {
  static override properties = {
    client: { attribute: false },
    baseUrl: { attribute: 'base-url' },
    locale: {},
  };

  /** The `LatchClient` to use; a `createLatchClient({ baseUrl })` is made on first use when unset. */
  declare client: LatchClient | undefined;
  /** Where the BFF's `/auth` routes live (attribute `base-url`); used only when no `client` is given. */
  declare baseUrl: string | undefined;
  /** A BCP 47 tag (attribute `locale`; its table loads on demand) or a `LatchLocale` table; unset: the page's `lang`, then English. */
  declare locale: LocaleInput;

  /** Loads what the element shows with `resolveClient()`; it sets `loadedWith` to the client it used. */
  protected abstract load(): Promise<void>;

  /** The client of the last `load()`: a different `client` loads again. */
  protected loadedWith: LatchClient | undefined;
  /** A selector focused after the next render (then forgotten), e.g. the control that replaced the one clicked. */
  protected focusTarget: string | undefined;

  protected readonly stylesheet: ElementStylesheet;
  protected readonly i18n: LocaleController;

  constructor(resources: AccountElementResources) {
    super();
    this.stylesheet = resources.stylesheet;
    this.i18n = new LocaleController(this, resources.english);
    this.locale = undefined;
  }

  /** Whether this update needs a fresh load besides a new `client` (e.g. another organization); none by default. */
  protected needsLoad(_changed: PropertyValues<this>): boolean {
    return false;
  }

  /**
   * Loads from the first update rather than `connectedCallback`, so properties
   * set right after insertion (React sets them in a layout effect) are in place.
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.isConnected && (this.loadedWith === undefined || this.loadedWith !== this.client || this.needsLoad(changed))) void this.load();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const target = this.focusTarget;
    this.focusTarget = undefined;
    if (target) this.querySelector<HTMLElement>(target)?.focus();
  }

  /** `client`, or one made from `baseUrl` on first use (and kept in `client`). */
  protected resolveClient(): LatchClient {
    this.client ??= createLatchClient(this.baseUrl ? { baseUrl: this.baseUrl } : {});
    return this.client;
  }

  /** The string `key` in the current table, `{params}` filled in; empty when no table has it. */
  protected t(key: string, params?: Record<string, string | number>): string {
    return localize(this.strings, key, params) ?? '';
  }

  /** An error code's text: the element's own (`<scope>.message.<code>`), else the shared one, else the generic one. */
  protected errorText(scope: string, code: string): string {
    return localize(this.strings, `${scope}.message.${code}`) ?? localize(this.strings, `message.${code}`) ?? this.t('message.generic');
  }
}
