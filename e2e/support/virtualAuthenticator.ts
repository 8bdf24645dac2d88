import type { CDPSession, Page } from '@playwright/test';

/**
 * Chromium's virtual authenticator through the CDP WebAuthn domain: a real
 * platform authenticator as far as the page can tell (resident keys, user
 * verification), so navigator.credentials is not mocked.
 */
export async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}
