import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions, mergeConfig } from 'vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../src/**/*.stories.ts'],
  // `mockServiceWorker.js`, generated from the installed msw by `msw init public` (works offline).
  staticDirs: ['../public'],
  // The build must work offline (CI, air-gapped machines): no telemetry, no "what's new" fetch.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    // Workspace packages ship TypeScript sources behind the `latch-source` condition.
    // Setting `resolve.conditions` replaces Vite's defaults, so they are listed again.
    return mergeConfig(viteConfig, {
      resolve: { conditions: ['latch-source', ...defaultClientConditions] },
      // Storybook's own preview runtime is one ~900 kB chunk; our stories are a few kB.
      build: { chunkSizeWarningLimit: 1_500 },
    });
  },
};

export default config;
