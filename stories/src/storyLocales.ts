import { html, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';

/** The locales of the toolbar's Locale menu, with their writing direction. */
export const storyLocales = {
  en: { title: 'English', dir: 'ltr' },
  de: { title: 'Deutsch', dir: 'ltr' },
  fr: { title: 'Français', dir: 'ltr' },
  ja: { title: '日本語', dir: 'ltr' },
  ar: { title: 'العربية (RTL)', dir: 'rtl' },
} as const;

export type StoryLocale = keyof typeof storyLocales;
export const storyLocaleNames = Object.keys(storyLocales) as StoryLocale[];

const observers = new WeakMap<Element, MutationObserver>();

/** Sets `locale` on every `latch-*` element in `root`, including those rendered later (e.g. an inline re-authentication). */
function localizeTree(root: Element, locale: StoryLocale): void {
  const apply = (): void => {
    for (const element of root.querySelectorAll('*')) {
      if (element.localName.startsWith('latch-') && element.getAttribute('locale') !== locale) element.setAttribute('locale', locale);
    }
  };
  apply();
  observers.get(root)?.disconnect();
  const observer = new MutationObserver(apply);
  observer.observe(root, { childList: true, subtree: true });
  observers.set(root, observer);
}

/**
 * Wraps a story in the toolbar's locale: `lang` and `dir` on a wrapper (so
 * right-to-left layout applies to everything inside), and the `locale`
 * attribute on the Latch elements inside it.
 */
export function localized(locale: StoryLocale, content: unknown): TemplateResult {
  const { dir } = storyLocales[locale];
  return html`<div lang=${locale} dir=${dir} data-locale=${locale} ${ref((element) => element && localizeTree(element, locale))}>${content}</div>`;
}
