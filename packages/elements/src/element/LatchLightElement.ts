import { LitElement } from 'lit';
import type { LatchLocale } from '../locales/LatchLocale.ts';
import type { LocaleController } from '../locales/LocaleController.ts';
import { injectStyles, type ElementStylesheet } from '../styles/injectStyles.ts';

/**
 * What every Latch element shares, flow or account: it renders into the light
 * DOM, so password managers, autofill and the page's `<label for>` lookups see
 * its inputs, which is also why its stylesheet is added to the document (once)
 * rather than to a shadow root; and it renders with the table of its
 * `LocaleController`.
 */
export abstract class LatchLightElement extends LitElement {
  /** Injected once per document, since light-DOM content cannot use shadow styles. */
  protected abstract readonly stylesheet: ElementStylesheet;
  /** Picks, loads and applies the element's language. */
  protected abstract readonly i18n: LocaleController;

  /** The table this element renders with (see `locale`). */
  protected get strings(): LatchLocale {
    return this.i18n.table;
  }

  /** The language shown (or loading), e.g. for asking the server for texts in it. */
  protected get language(): string {
    return this.i18n.lang;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    injectStyles(this.ownerDocument, this.stylesheet);
  }
}
