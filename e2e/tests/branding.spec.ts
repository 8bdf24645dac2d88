import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode } from '../support/outbox.ts';
import { acceptRequiredConsents } from '../support/consent.ts';

const email = `owner-${Date.now()}@example.com`;
const password = 'correct horse battery staple';

let server: DemoServer;

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

test("an organization's branding makes its sign-in page look like Acme's", async ({ browser }) => {
  test.setTimeout(120_000);
  // The owner signs up, then creates and brands the organization through the BFF's API with the browser's session.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await owner.goto(`${server.url}/sign-up`);
  await owner.getByLabel('Email').fill(email);
  await owner.getByLabel('Password').fill(password);
  await acceptRequiredConsents(owner);
  await owner.getByRole('button', { name: 'Create account' }).click();
  await owner.getByLabel('Verification code').fill(await newestCode(server.url, email));
  await owner.getByRole('button', { name: 'Verify' }).click();
  await expect(owner).toHaveURL(/\/account$/u);

  const api = { headers: { origin: server.url, 'x-latch-csrf': '1' } };
  const created = await ownerContext.request.post(`${server.url}/auth/organizations`, { ...api, data: { name: 'Acme', slug: 'acme' } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  // A colour the focus ring would vanish with is refused, with a stable code.
  const pale = await ownerContext.request.put(`${server.url}/auth/organizations/${id}/branding`, { ...api, data: { colors: { primary: '#fef9c3' } } });
  expect(pale.status()).toBe(422);
  expect(await pale.json()).toMatchObject({ error: { code: 'brand_color_contrast' } });
  const branded = await ownerContext.request.put(`${server.url}/auth/organizations/${id}/branding`, {
    ...api,
    data: { logoUrl: '/logos/acme.svg', colors: { primary: '#0f766e' }, copy: { signInHeading: 'Sign in to Acme' } },
  });
  expect(branded.status()).toBe(200);
  await ownerContext.close();

  // A visitor opens Acme's sign-in page.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${server.url}/sign-in?organization=acme`);
  const logo = visitor.getByRole('img', { name: 'Acme' });
  await expect(logo).toBeVisible();
  await expect.poll(() => logo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
  await expect(visitor.getByRole('heading', { name: 'Sign in to Acme' })).toBeVisible();
  const button = visitor.getByRole('button', { name: 'Continue' });
  await expect(button).toHaveCSS('background-color', 'rgb(15, 118, 110)');
  await expect(button).toHaveCSS('color', 'rgb(255, 255, 255)');
  const audit = await new AxeBuilder({ page: visitor }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(audit.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

  // The same page without an organization keeps Latch's own look.
  await visitor.goto(`${server.url}/sign-in`);
  await expect(visitor.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(visitor.getByRole('img', { name: 'Acme' })).toHaveCount(0);
  await expect(visitor.getByRole('button', { name: 'Continue' })).toHaveCSS('background-color', 'rgb(79, 70, 229)');
  await visitorContext.close();
});

test('the demo follows the system colour scheme with the built dark theme, and stays WCAG 2.2 AA', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await expect(page.getByLabel('Email')).toBeVisible();
  // <html data-latch-theme="auto"> takes the dark theme's surfaces under prefers-color-scheme: dark.
  await expect(page.locator('latch-sign-in')).toHaveCSS('background-color', 'rgb(15, 23, 42)');
  await expect(page.getByRole('button', { name: 'Continue' })).toHaveCSS('color', 'rgb(2, 6, 23)');
  const audit = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(audit.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)).toEqual([]);
  await context.close();
});
