// @vitest-environment happy-dom
import { LatchApiError, type LatchClient } from '@latch/client';
import { createFakeClient } from '@latch/elements/fixtures';
import { html, type PropertyValues, type TemplateResult } from 'lit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ElementStylesheet } from '../styles/injectStyles.ts';
import { settle } from '../testing/dom.ts';
import { errorCode, LatchAccountElement } from './LatchAccountElement.ts';

const sheet: ElementStylesheet = { id: 'latch-test-account-styles', css: '.latch-test { color: red; }' };

/** The smallest account element: it records its loads and exposes the protected helpers. */
class TestAccountElement extends LatchAccountElement {
  static override properties = { ...LatchAccountElement.properties, mode: { attribute: 'mode' } };
  declare mode: string | undefined;
  loads: LatchClient[] = [];

  constructor() {
    super({ stylesheet: sheet, english: { 'test.greeting': 'Hello, {name}', 'test.message.known': 'A problem this element explains itself.' } });
  }

  protected override needsLoad(changed: PropertyValues<this>): boolean {
    return changed.has('mode');
  }

  protected override async load(): Promise<void> {
    const client = this.resolveClient();
    this.loadedWith = client;
    this.loads.push(client);
  }

  focusAfterUpdate(selector: string): void {
    this.focusTarget = selector;
    this.requestUpdate();
  }

  text(key: string, params?: Record<string, string | number>): string {
    return this.t(key, params);
  }

  error(code: string): string {
    return this.errorText('test', code);
  }

  ownClient(): LatchClient {
    return this.resolveClient();
  }

  protected override render(): TemplateResult {
    return html`<p class="latch-test" part="status">${this.t('test.greeting', { name: 'Ada' })}</p>
      <button type="button" id="first">First</button>
      <button type="button" id="second">Second</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'latch-test-account': TestAccountElement;
  }
}

beforeAll(() => customElements.define('latch-test-account', TestAccountElement));
afterEach(() => document.body.replaceChildren());

async function mount(setup: (element: TestAccountElement) => void = () => undefined): Promise<TestAccountElement> {
  const element = document.createElement('latch-test-account');
  setup(element);
  document.body.append(element);
  await settle(element);
  return element;
}

const sheetCount = () => document.adoptedStyleSheets.length + document.querySelectorAll(`style#${sheet.id}`).length;

describe('LatchAccountElement', () => {
  it('renders into the light DOM and injects its stylesheet once per document, however many instances', async () => {
    const before = sheetCount();
    const first = await mount();
    expect(first.shadowRoot).toBeNull();
    expect(first.querySelector('.latch-test')?.textContent).toBe('Hello, Ada');
    const afterFirst = sheetCount();
    expect(afterFirst).toBeGreaterThanOrEqual(before);
    await mount();
    expect(sheetCount()).toBe(afterFirst);
  });

  it('creates a client from base-url on first use, once, and loads with it once', async () => {
    const element = await mount((el) => el.setAttribute('base-url', 'https://app.example/'));
    const client = element.client;
    expect(client).toBeDefined();
    // The created client talks to base-url: its export link is absolute there.
    expect(client?.exportUrl).toBe('https://app.example/auth/account/export');
    expect(element.ownClient()).toBe(client);
    element.requestUpdate();
    await settle(element);
    expect(element.loads).toEqual([client]);
    expect(element.client).toBe(client);
  });

  it('uses a given client and ignores base-url; a new client loads again, an unrelated change does not', async () => {
    const given = createFakeClient();
    const element = await mount((el) => {
      el.client = given;
      el.baseUrl = 'https://elsewhere.example';
    });
    expect(element.loads).toEqual([given]);
    expect(element.ownClient()).toBe(given);
    element.locale = 'en';
    await settle(element);
    expect(element.loads).toHaveLength(1);
    const next = createFakeClient();
    element.client = next;
    await settle(element);
    expect(element.loads).toEqual([given, next]);
  });

  it("loads again when the subclass's needsLoad says so, and only once on the first update", async () => {
    const element = await mount((el) => (el.mode = 'a'));
    expect(element.loads).toHaveLength(1);
    element.mode = 'b';
    await settle(element);
    expect(element.loads).toHaveLength(2);
  });

  it('does not load while disconnected; a client set meanwhile loads at the next update once it is back', async () => {
    const element = await mount((el) => (el.client = createFakeClient()));
    element.remove();
    const next = createFakeClient();
    element.client = next;
    await settle(element);
    expect(element.loads).toHaveLength(1);
    document.body.append(element);
    element.requestUpdate();
    await settle(element);
    expect(element.loads).toHaveLength(2);
    expect(element.loads[1]).toBe(next);
  });

  it('moves focus to focusTarget after the next render, then forgets it', async () => {
    const element = await mount();
    const first = element.querySelector<HTMLButtonElement>('#first');
    const second = element.querySelector<HTMLButtonElement>('#second');
    element.focusAfterUpdate('#second');
    expect(document.activeElement).not.toBe(second);
    await settle(element);
    expect(document.activeElement).toBe(second);
    // Consumed: a later render leaves focus where the user put it.
    first?.focus();
    element.requestUpdate();
    await settle(element);
    expect(document.activeElement).toBe(first);
  });

  it('leaves focus alone when the target is not rendered', async () => {
    const element = await mount();
    const first = element.querySelector<HTMLButtonElement>('#first');
    first?.focus();
    element.focusAfterUpdate('#missing');
    await settle(element);
    expect(document.activeElement).toBe(first);
  });

  it("translates with the element's English strings, its locale table, and says nothing for an unknown key", async () => {
    const element = await mount();
    expect(element.text('test.greeting', { name: 'Grace' })).toBe('Hello, Grace');
    expect(element.text('test.no-such-key')).toBe('');
    element.locale = { lang: 'x-test', strings: { 'test.greeting': 'Hi {name}' } };
    await settle(element);
    expect(element.querySelector('.latch-test')?.textContent).toBe('Hi Ada');
  });

  it("explains an error code with the element's own text, else the shared one, else the generic one", async () => {
    const element = await mount();
    expect(element.error('known')).toBe('A problem this element explains itself.');
    expect(element.error('rate_limited')).toBe('Too many attempts. Wait a little, then try again.');
    expect(element.error('no_such_code')).toBe('Something went wrong on our side. Please try again.');
  });

  it('reads the code of an API error, and nothing of any other error', () => {
    expect(errorCode(new LatchApiError({ status: 409, code: 'email_taken', message: 'raw server text' }))).toBe('email_taken');
    expect(errorCode(new TypeError('Failed to fetch'))).toBe('generic');
    expect(errorCode('oops')).toBe('generic');
  });
});
