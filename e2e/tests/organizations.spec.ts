import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { DemoServer } from '../support/demoServer.ts';
import { newestCode, newestMail } from '../support/outbox.ts';
import { acceptRequiredConsents } from '../support/consent.ts';

const stamp = Date.now();
const ownerEmail = `olivia-${stamp}@example.com`;
const memberEmail = `max-${stamp}@example.com`;
const password = 'correct horse battery staple';
const orgName = `Acme ${stamp}`;
const orgSlug = `acme-${stamp}`;

let server: DemoServer;

test.beforeAll(async () => {
  server = await DemoServer.start();
});

test.afterAll(async () => {
  await server?.stop();
});

async function signUp(page: Page, email: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await acceptRequiredConsents(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Verification code').fill(await newestCode(server.url, email));
  await page.getByRole('button', { name: 'Verify' }).click();
}

const switcher = (page: Page) => page.getByRole('button', { name: /switch organization$/u });

/** The product's admin-only API route, with this browser's cookies. */
async function reportStatus(context: BrowserContext): Promise<number> {
  return (await context.request.get(`${server.url}/api/org-report`)).status();
}

test('an owner invites a member by email; both switch organizations; the admin route tells them apart', async ({ browser }) => {
  test.setTimeout(180_000);
  const ownerContext = await browser.newContext();
  const memberContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const member = await memberContext.newPage();

  // The owner signs up and creates an organization from the switcher; creating it switches to it.
  await owner.goto(`${server.url}/sign-up`);
  await signUp(owner, ownerEmail);
  await expect(owner).toHaveURL(/\/account$/u);
  await expect(switcher(owner)).toHaveText('Personal account');
  expect(await reportStatus(ownerContext)).toBe(403);
  await owner.getByRole('button', { name: 'Create organization' }).click();
  await owner.getByLabel('Name', { exact: true }).fill(orgName);
  await owner.getByLabel('Slug').fill(orgSlug);
  await owner.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(switcher(owner)).toHaveText(orgName);

  // …and invites the member from the organization page.
  await owner.getByRole('link', { name: 'Organization', exact: true }).click();
  await expect(owner.getByText(`Acting in ${orgName} as owner.`)).toBeVisible();
  await owner.getByLabel('Email address').fill(memberEmail);
  await owner.getByLabel('Role', { exact: true }).selectOption('member');
  await owner.getByRole('button', { name: 'Send invitation' }).click();
  await expect(owner.getByText(`Invitation sent to ${memberEmail}.`)).toBeVisible();
  await expect(owner.getByText(`${memberEmail}, member, pending`)).toBeVisible();
  // The organization settings and the open switcher meet WCAG 2.2 AA.
  await switcher(owner).click();
  await expect(owner.getByRole('listbox', { name: 'Your organizations' })).toBeVisible();
  const audit = await new AxeBuilder({ page: owner }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(audit.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  await owner.keyboard.press('Escape');

  // The member opens the link from the development outbox, signs up through it and accepts.
  const mail = await newestMail(server.url, memberEmail, { subject: /invited/u });
  const link = /(https?:\/\/\S+\/auth\/invitations\/accept\?token=[A-Za-z0-9_-]+)/u.exec(mail.text)?.[1];
  expect(link).toBeDefined();
  await member.goto(link ?? '');
  await expect(member.getByRole('heading', { name: `Join ${orgName}` })).toBeVisible();
  await member.getByRole('link', { name: 'Create an account to accept' }).click();
  await signUp(member, memberEmail);
  await expect(member).toHaveURL(/\/invitation\?invitation=/u);
  await member.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(member).toHaveURL(/\/organization$/u);
  await expect(member.getByText(`Acting in ${orgName} as member.`)).toBeVisible();
  await expect(switcher(member)).toHaveText(orgName);

  // The guarded route: 403 for the member, 200 for the owner, in the same organization.
  expect(await reportStatus(memberContext)).toBe(403);
  expect(await reportStatus(ownerContext)).toBe(200);
  await member.getByRole('button', { name: 'Load admin report' }).click();
  await expect(member.getByRole('status').filter({ hasText: '403' })).toHaveText('403: org_role_required');
  await owner.getByRole('button', { name: 'Load admin report' }).click();
  await expect(owner.getByRole('status').filter({ hasText: '200' })).toHaveText(`200: Admin report for ${orgName}`);

  // The member switches to the personal account by keyboard: the listbox opens on the current option.
  await member.evaluate(() => {
    const seen: unknown[] = [];
    (window as unknown as { orgChanges: unknown[] }).orgChanges = seen;
    document.addEventListener('latch:org-changed', (event) => seen.push((event as CustomEvent<{ organization: { slug: string } | null }>).detail.organization?.slug ?? null));
  });
  await switcher(member).focus();
  await member.keyboard.press('ArrowDown');
  const list = member.getByRole('listbox', { name: 'Your organizations' });
  await expect(list).toBeFocused();
  await expect(list.getByRole('option', { name: orgName })).toHaveAttribute('aria-selected', 'true');
  await member.keyboard.press('Home');
  await member.keyboard.press('Enter');
  await expect(switcher(member)).toHaveText('Personal account');
  await expect(switcher(member)).toBeFocused();
  expect(await reportStatus(memberContext)).toBe(403);
  await expect(member.getByText('You are using your personal account.')).toBeVisible();

  // …and back to the organization: End, then Enter; Escape first closes without switching.
  await member.keyboard.press('ArrowDown');
  await member.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(switcher(member)).toHaveText('Personal account');
  await member.keyboard.press('ArrowDown');
  await member.keyboard.press('End');
  await member.keyboard.press('Enter');
  await expect(switcher(member)).toHaveText(orgName);
  expect(await member.evaluate(() => (window as unknown as { orgChanges: unknown[] }).orgChanges)).toEqual([null, orgSlug]);

  // The owner switches with the mouse: personal account (no admin report there), then back.
  await switcher(owner).click();
  await owner.getByRole('option', { name: 'Personal account' }).click();
  await expect(switcher(owner)).toHaveText('Personal account');
  expect(await reportStatus(ownerContext)).toBe(403);
  await switcher(owner).click();
  await owner.getByRole('option', { name: new RegExp(orgName, 'u') }).click();
  await expect(switcher(owner)).toHaveText(orgName);
  expect(await reportStatus(ownerContext)).toBe(200);
  const session = (await (await ownerContext.request.get(`${server.url}/auth/session`)).json()) as { organization: { slug: string; role: string } };
  expect(session.organization).toMatchObject({ slug: orgSlug, role: 'owner' });

  await ownerContext.close();
  await memberContext.close();
});
