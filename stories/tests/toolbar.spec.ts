import { expect, test } from '@playwright/test';
import { serveStorybook, type StaticServer } from './storybookServer.ts';
import { openPreview } from './storyPage.ts';

/** The toolbar's globals reach the story: the theme's class, and the locale's `lang`, `dir` and `locale` attributes. */

let server: StaticServer;

test.beforeAll(async () => {
  server = await serveStorybook();
});

test.afterAll(async () => {
  await server?.close();
});

test('the Locale toolbar sets lang and dir around the story and locale on every latch-* element, nested ones too', async ({ page }) => {
  await openPreview(page, server.url, 'elements-profile--all-sections', { locale: 'ar', theme: 'dark' });
  const wrapper = page.locator('[data-locale="ar"]');
  await expect(wrapper).toHaveAttribute('dir', 'rtl');
  await expect(wrapper).toHaveAttribute('lang', 'ar');
  await expect(page.locator('[data-theme="dark"].latch-theme-dark')).toHaveCount(1);
  for (const tag of ['latch-profile', 'latch-profile-details', 'latch-mfa-enroll', 'latch-consent']) {
    await expect(page.locator(tag).first(), tag).toHaveAttribute('locale', 'ar');
  }

  await openPreview(page, server.url, 'elements-sign-in--identifier', { locale: 'ja' });
  await expect(page.locator('[data-locale="ja"]')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('latch-sign-in')).toHaveAttribute('locale', 'ja');
});
