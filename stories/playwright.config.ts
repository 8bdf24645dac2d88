import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium; `playwright install` cannot download browsers here. Screenshots
// are compared against baselines taken with this same browser on this machine.
const executablePath = process.env.LATCH_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Accessibility (axe) and visual regression of the static Storybook. Build it
 * first: `pnpm --filter @latch/stories build` (the root `pnpm test:stories` does).
 */
export default defineConfig({
  testDir: './tests',
  // One test per theme; two at a time (each with its own page) on the 2-core CI machine.
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 120_000,
  expect: {
    timeout: 10_000,
    toHaveScreenshot: { animations: 'disabled', caret: 'hide', scale: 'css', maxDiffPixelRatio: 0.002 },
  },
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFilePath}/{arg}{ext}',
  reporter: [['list']],
  outputDir: '../test-results/stories',
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1024, height: 900 },
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
    },
  },
});
