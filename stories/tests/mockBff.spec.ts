import { expect, test } from '@playwright/test';
import { serveStorybook, type StaticServer } from './storybookServer.ts';
import { openPreview, showStory } from './storyPage.ts';

/**
 * In Storybook the flow stories run the real `@latch/client` against the BFF
 * routes mocked by MSW's service worker: the requests leave the page and are
 * answered by the worker from the recorded fixtures.
 */

let server: StaticServer;

test.beforeAll(async () => {
  server = await serveStorybook();
});

test.afterAll(async () => {
  await server?.close();
});

test('a flow story talks HTTP to the mocked BFF, answered by the service worker', async ({ page }) => {
  const answered: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/auth/') && response.fromServiceWorker()) answered.push(`${response.request().method()} ${url.pathname} ${response.status()}`);
  });
  await openPreview(page, server.url, 'elements-sign-in--identifier', {});
  await showStory(page, 'elements-sign-in--invalid-credentials');
  await expect(page.getByRole('alert')).toHaveText('The email or password is incorrect.');
  expect(answered).toEqual(expect.arrayContaining(['POST /auth/flows/sign-in 200', 'POST /auth/flows/flow-sign-in-1/submit 422']));

  await showStory(page, 'elements-sign-in--rate-limited');
  await expect(page.getByRole('alert')).toHaveText('Too many attempts. Wait a little, then try again.');
  expect(answered).toContain('POST /auth/flows/flow-sign-in-1/submit 429');

  await showStory(page, 'elements-sign-in--complete');
  await expect(page.getByRole('status')).toHaveText('You are signed in.');
  expect(answered).toContain('GET /auth/session 200');
});
