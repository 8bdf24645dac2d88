import type { Page } from '@playwright/test';

/**
 * Drives Storybook's preview iframe the way its own manager does: the page
 * is loaded once (with the toolbar globals, e.g. `theme:dark`), and each
 * story is then selected over the preview's channel instead of reloading
 * the page, which would cost a second per story on a busy machine.
 */

type Channel = { on(event: string, listener: (...args: unknown[]) => void): void; off(event: string, listener: (...args: unknown[]) => void): void; emit(event: string, ...args: unknown[]): void };

/** Loads `iframe.html` at `firstStoryId` with `globals` and waits until that story has settled. */
export async function openPreview(page: Page, baseUrl: string, firstStoryId: string, globals: Record<string, string>): Promise<void> {
  const globalsParam = Object.entries(globals)
    .map(([key, value]) => `${key}:${value}`)
    .join(';');
  await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(firstStoryId)}&viewMode=story&globals=${encodeURIComponent(globalsParam)}`);
  await page.waitForFunction(() => document.body.classList.contains('sb-show-main') || document.body.classList.contains('sb-show-errordisplay'));
  if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'))) {
    throw new Error(`Story ${firstStoryId} failed to render: ${await page.locator('#error-message').textContent()}`);
  }
  await settle(page);
}

/** Selects another story in the loaded preview and waits until it has settled. */
export async function showStory(page: Page, storyId: string): Promise<void> {
  await page.evaluate(
    (id) =>
      new Promise<void>((done, fail) => {
        const channel = (window as unknown as { __STORYBOOK_ADDONS_CHANNEL__: Channel }).__STORYBOOK_ADDONS_CHANNEL__;
        const events = ['storyRendered', 'storyErrored', 'storyThrewException', 'storyMissing'] as const;
        const listeners = events.map((event) => {
          const listener = (...args: unknown[]): void => {
            events.forEach((name, index) => {
              const registered = listeners[index];
              if (registered) channel.off(name, registered);
            });
            if (event === 'storyRendered') done();
            else fail(new Error(`Story ${id}: ${event} ${JSON.stringify(args).slice(0, 500)}`));
          };
          channel.on(event, listener);
          return listener;
        });
        channel.emit('setCurrentStory', { storyId: id, viewMode: 'story' });
      }),
    storyId,
  );
  await settle(page);
}

/**
 * Waits for the fonts and for the story's DOM to stay unchanged for a moment:
 * the replayed user actions and fake BFF answers have run their course. A
 * story that keeps changing for 10 s fails instead of being measured mid-way.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    const root = document.querySelector('#storybook-root') ?? document.body;
    await new Promise<void>((done, fail) => {
      const quietMs = 120;
      let timer = setTimeout(finish, quietMs);
      const giveUp = setTimeout(() => {
        observer.disconnect();
        fail(new Error('The story kept changing for 10 s.'));
      }, 10_000);
      const observer = new MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(finish, quietMs);
      });
      function finish(): void {
        observer.disconnect();
        clearTimeout(giveUp);
        done();
      }
      observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  });
}

/** The theme names of the Theme toolbar, as the preview announces them. */
export async function storyThemes(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as { __LATCH_STORY_THEMES__?: string[] }).__LATCH_STORY_THEMES__ ?? []);
}
