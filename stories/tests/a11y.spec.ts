import { createRequire } from 'node:module';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import { listStories, serveStorybook, type StaticServer, type StoryEntry } from './storybookServer.ts';
import { openPreview, showStory, storyThemes } from './storyPage.ts';

/**
 * WCAG 2.2 AA: axe-core reports zero violations for every story of the
 * static Storybook in every theme of its Theme toolbar.
 *
 * axe-core is injected once per theme into a preview page that then switches
 * stories over Storybook's channel. (`@axe-core/playwright`'s AxeBuilder
 * re-injects axe into every frame and opens a fresh page for each analysis:
 * about 5 s per story here, 25 minutes for the whole matrix.)
 */

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let server: StaticServer;
let stories: StoryEntry[];
let themes: string[];
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  server = await serveStorybook();
  stories = await listStories(server.url);
  context = await browser.newContext({ viewport: { width: 1024, height: 900 }, deviceScaleFactor: 1, reducedMotion: 'reduce', locale: 'en-US', timezoneId: 'UTC' });
  page = await context.newPage();
  await openPreview(page, server.url, firstStoryId(), {});
  themes = await storyThemes(page);
});

test.afterAll(async () => {
  await context?.close();
  await server?.close();
});

// Every theme of the Theme toolbar; the first test fails if the toolbar gains or loses one.
const THEMES = ['light', 'dark', 'brand', 'playful', 'enterprise'];

test('the static Storybook lists the stories and the themes', () => {
  expect(stories.length).toBeGreaterThan(50);
  expect([...themes].sort()).toEqual([...THEMES].sort());
});

function firstStoryId(): string {
  const [first] = stories;
  if (!first) throw new Error('The static Storybook has no stories.');
  return first.id;
}

function describeViolations(violations: Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map((node) => `      ${node.target.join(' ')}\n        ${node.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`).join('\n');
      return `  [${violation.impact ?? 'n/a'}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

async function analyze(): Promise<AxeResults> {
  const options: RunOptions = { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] };
  return page.evaluate((runOptions) => (window as unknown as { axe: { run(context: string, options: RunOptions): Promise<AxeResults> } }).axe.run('#storybook-root', runOptions), options);
}

for (const theme of THEMES) {
  test(`every story has no WCAG 2.2 AA violation in the ${theme} theme`, async () => {
    test.setTimeout(60_000 + stories.length * 3_000);
    await openPreview(page, server.url, firstStoryId(), { theme });
    await page.addScriptTag({ content: axeSource });
    const failures: string[] = [];
    for (const [index, story] of stories.entries()) {
      if (index > 0) await showStory(page, story.id);
      // The Theming stories show their own themes side by side; every other story wears the toolbar's.
      if (!story.title.startsWith('Theming')) expect(await page.locator('#storybook-root [data-theme]').first().getAttribute('data-theme'), `${story.id} is shown in the ${theme} theme`).toBe(theme);
      const results = await analyze();
      if (results.violations.length > 0) failures.push(`${story.id} (${story.title} / ${story.name}):\n${describeViolations(results.violations)}`);
    }
    expect(failures, `axe violations in the ${theme} theme:\n\n${failures.join('\n\n')}`).toEqual([]);
  });
}
