import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { serveStorybook, type StaticServer } from './storybookServer.ts';
import { openPreview, showStory, storyThemes } from './storyPage.ts';

/**
 * Visual regression: the key stories in every theme of the toolbar, compared
 * with the baselines in `__screenshots__/` (taken with this machine's
 * Chromium). After an intended change: `pnpm test:visual --update-snapshots`.
 */

/** The stories a designer looks at first, by Storybook id. */
const KEY_STORIES = [
  'elements-sign-in--identifier',
  'elements-sign-in--invalid-credentials',
  'elements-sign-up--credentials',
  'elements-sign-up--password-too-short',
  'elements-mfa-enrollment--setting-up',
  'elements-consent--versions',
  'elements-org-switcher--open',
  'elements-profile--all-sections',
];
const FIRST_KEY_STORY = 'elements-sign-in--identifier';

let server: StaticServer;
let context: BrowserContext;
let page: Page;
let themes: string[];

test.beforeAll(async ({ browser }) => {
  server = await serveStorybook();
  context = await browser.newContext({ viewport: { width: 1024, height: 900 }, deviceScaleFactor: 1, reducedMotion: 'reduce', locale: 'en-US', timezoneId: 'UTC' });
  page = await context.newPage();
  await openPreview(page, server.url, FIRST_KEY_STORY, {});
  themes = await storyThemes(page);
});

test.afterAll(async () => {
  await context?.close();
  await server?.close();
});

for (const theme of ['light', 'dark', 'brand', 'playful', 'enterprise']) {
  test(`key stories look as recorded in the ${theme} theme`, async () => {
    expect(themes, 'the Theme toolbar offers this theme').toContain(theme);
    await openPreview(page, server.url, FIRST_KEY_STORY, { theme });
    for (const [index, id] of KEY_STORIES.entries()) {
      if (index > 0) await showStory(page, id);
      // The story's own box (not the empty page below it); soft, so one run reports every changed story.
      await expect.soft(page.locator('#storybook-root'), `${id} in ${theme}`).toHaveScreenshot(`${id}--${theme}.png`);
    }
  });
}
