import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LatchLocale } from './LatchLocale.ts';
import { isRightToLeft, loadedLocale, loadLocale, resolveLanguage } from './loadLocale.ts';
import { addEnglish, english } from './english.ts';

/** What an element's `locale` may be: a BCP 47 tag (the `locale` attribute) or a table of its own. */
export type LocaleInput = string | LatchLocale | undefined;

export interface LocaleHost extends ReactiveControllerHost, HTMLElement {
  locale: LocaleInput;
}

/**
 * Picks an element's string table: its `locale` (a tag such as `de`, or a
 * `LatchLocale` object), else the nearest `lang` attribute up the tree (the
 * page's `<html lang>`), else English. A table that is not loaded yet is
 * fetched in its own chunk and the host re-renders when it arrives; until
 * then the host shows the last table it had (English at first).
 *
 * Also gives the host `dir="rtl"` for right-to-left languages (and `dir="ltr"`
 * for a left-to-right locale inside a right-to-left page), unless the page set
 * a `dir` on the element itself.
 */
export class LocaleController implements ReactiveController {
  /** The table to render with. */
  table: LatchLocale = english;
  private wanted: string | undefined;
  private ownDir: string | undefined;
  private observer: MutationObserver | undefined;
  private readonly host: LocaleHost;

  /** `englishParts`: the English strings the host shows beyond the flow strings (`enMfa`, `enOrg`, …). */
  constructor(host: LocaleHost, ...englishParts: readonly Readonly<Record<string, string>>[]) {
    addEnglish(...englishParts);
    this.host = host;
    host.addController(this);
  }

  /** The language the host shows (or is loading), e.g. for asking the server for texts in it. */
  get lang(): string {
    const locale = this.host.locale;
    return typeof locale === 'object' && locale !== null ? locale.lang : resolveLanguage(this.requestedTag());
  }

  hostConnected(): void {
    // Follow the page's language when the element has none of its own.
    const root = this.host.ownerDocument.documentElement;
    const Observer = this.host.ownerDocument.defaultView?.MutationObserver;
    if (!Observer) return;
    this.observer = new Observer(() => this.host.requestUpdate());
    this.observer.observe(root, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  hostUpdate(): void {
    const locale = this.host.locale;
    if (typeof locale === 'object' && locale !== null) {
      this.wanted = undefined;
      this.table = locale;
      return;
    }
    const language = resolveLanguage(this.requestedTag());
    const ready = loadedLocale(language);
    if (ready) {
      this.wanted = undefined;
      this.table = ready;
      return;
    }
    if (this.wanted === language) return;
    this.wanted = language;
    loadLocale(language).then(
      () => {
        if (this.wanted === language) this.host.requestUpdate();
      },
      () => {
        // The chunk did not load: keep showing English rather than nothing.
        if (this.wanted === language) this.wanted = undefined;
      },
    );
  }

  hostUpdated(): void {
    const host = this.host;
    const current = host.getAttribute('dir');
    if (current !== null && current !== this.ownDir) return;
    const inheritedRtl = host.parentElement?.closest('[dir]')?.getAttribute('dir') === 'rtl';
    const rtl = isRightToLeft(this.table.lang);
    const wanted = rtl ? 'rtl' : inheritedRtl ? 'ltr' : undefined;
    if (wanted === this.ownDir) return;
    if (wanted) host.setAttribute('dir', wanted);
    else host.removeAttribute('dir');
    this.ownDir = wanted;
  }

  private requestedTag(): string | undefined {
    const locale = this.host.locale;
    if (typeof locale === 'string' && locale.trim()) return locale;
    // The nearest `lang` on or above the element (the page's, or the wrapper of a parent Latch element).
    return this.host.closest('[lang]')?.getAttribute('lang') ?? undefined;
  }
}
