import type { Page } from '@playwright/test';

/** Ticks the demo's required consents (terms of service, privacy policy) on the sign-up form; sign-up is refused without them. */
export async function acceptRequiredConsents(page: Page): Promise<void> {
  await page.getByLabel('Terms of service').check();
  await page.getByLabel('Privacy policy').check();
}
