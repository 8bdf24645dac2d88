import type { Preview } from '@storybook/web-components-vite';
import { defineLatchElements } from '@latch/elements';
import { withActions } from 'storybook/actions/decorator';
import { injectThemes, themed, themeNames, themes, type ThemeName } from '../src/themes.ts';

defineLatchElements();
injectThemes();

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
  },
  initialGlobals: { theme: 'light' },
  decorators: [
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
