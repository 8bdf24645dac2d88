import type { Preview } from '@storybook/web-components-vite';
import { defineLatchElements } from '@latch/elements';
import { withActions } from 'storybook/actions/decorator';
import { localized, storyLocaleNames, storyLocales, type StoryLocale } from '../src/storyLocales.ts';
import { resetMockBff, startMockBff } from '../src/mockBff.ts';
import { injectThemes, themed, themeNames, themes, type ThemeName } from '../src/themes.ts';

defineLatchElements();
injectThemes();
// The Playwright checks (tests/*.spec.ts) run every story in every theme the toolbar offers.
(globalThis as { __LATCH_STORY_THEMES__?: readonly string[] }).__LATCH_STORY_THEMES__ = themeNames;

const preview: Preview = {
  globalTypes: {
    theme: {
      description: 'Theme of the Latch elements (only --latch-* custom properties)',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: themeNames.map((name) => ({ value: name, title: themes[name].title })),
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Locale of the Latch elements: `lang`/`dir` on the story, `locale` on every latch-* element',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: storyLocaleNames.map((name) => ({ value: name, title: storyLocales[name].title, ...(storyLocales[name].dir === 'rtl' ? { right: 'RTL' } : {}) })),
        dynamicTitle: true,
      },
    },
  },
  // The flow stories talk to a BFF mocked with MSW; each story starts from an empty set of routes.
  loaders: [
    async () => {
      await startMockBff();
      resetMockBff();
      return {};
    },
  ],
  initialGlobals: { theme: 'light', locale: 'en' },
  decorators: [
    (story, context) => {
      const locale = (context.globals['locale'] as StoryLocale | undefined) ?? 'en';
      return localized(locale in storyLocales ? locale : 'en', story());
    },
    (story, context) => {
      const parameters = context.parameters as { latchTheme?: { disable?: boolean } };
      if (parameters.latchTheme?.disable) return story();
      const theme = (context.globals['theme'] as ThemeName | undefined) ?? 'light';
      return themed(theme in themes ? theme : 'light', story());
    },
    withActions,
  ],
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
  },
};

export default preview;
