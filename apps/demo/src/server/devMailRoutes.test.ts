import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoServer, type DemoServer } from './createDemoServer.ts';

let webRoot: string;
beforeAll(async () => {
  webRoot = await mkdtemp(path.join(tmpdir(), 'latch-demo-web-'));
  await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>Acme Notes</title>');
});
afterAll(async () => {
  await rm(webRoot, { recursive: true, force: true });
});

const start = (devMail: boolean) => createDemoServer({ port: 0, dataDir: 'memory://', webRoot, devMail, logger: pino({ level: 'silent' }) });

interface OutboxEntry {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

describe('development outbox (devMail on)', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await start(true);
    for (let index = 1; index <= 3; index += 1) {
      await demo.core.mailer.send({ to: `user${index}@example.com`, subject: `Message ${index}`, text: `Text ${index}`, html: `<p>HTML ${index}</p>` });
    }
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('GET /dev/outbox lists the messages newest first as JSON', async () => {
    const response = await fetch(`${demo.url}/dev/outbox`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/u);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as OutboxEntry[];
    expect(body.map((entry) => entry.subject)).toEqual(['Message 3', 'Message 2', 'Message 1']);
    expect(body[2]).toEqual({ to: 'user1@example.com', subject: 'Message 1', text: 'Text 1', html: '<p>HTML 1</p>', sentAt: expect.any(String) });
    expect(new Date(body[0]!.sentAt).toISOString()).toBe(body[0]!.sentAt);
    expect(Date.parse(body[0]!.sentAt)).toBeGreaterThanOrEqual(Date.parse(body[2]!.sentAt));
  });

  it('honours ?limit and refuses anything but a whole number from 1 to 200', async () => {
    const limited = (await (await fetch(`${demo.url}/dev/outbox?limit=2`)).json()) as OutboxEntry[];
    expect(limited.map((entry) => entry.subject)).toEqual(['Message 3', 'Message 2']);
    expect(await (await fetch(`${demo.url}/dev/outbox?limit=200`)).json()).toHaveLength(3);

    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=1.5', 'limit=-1', 'limit=', 'limit=1&limit=2', 'limit=%201', 'limit=0x10', 'limit=1e2']) {
      const response = await fetch(`${demo.url}/dev/outbox?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toEqual({ error: { code: 'invalid_request', message: 'limit must be a whole number from 1 to 200.' } });
    }
  });

  it('GET /dev/mail shows an accessible page of the messages, rendering HTML bodies only in a sandbox', async () => {
    await demo.core.mailer.send({
      to: 'eve@example.com',
      subject: '<script>alert("subject")</script>',
      text: 'Code: <b>123456</b>',
      html: '<p>Hi</p><script>alert("body")</script>',
    });
    const response = await fetch(`${demo.url}/dev/mail`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/u);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<title>Development outbox</title>');
    expect(page).toContain('<h1>Development outbox</h1>');
    expect(page).toContain('4 messages, newest first.');
    expect(page).toMatch(/<dt>To<\/dt><dd>user1@example\.com<\/dd>/u);
    expect(page).toMatch(/<dt>Sent at<\/dt><dd><time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">/u);
    expect(page).toContain('<pre>Text 2</pre>');
    // Newest first on the page too.
    expect(page.indexOf('Message 3')).toBeLessThan(page.indexOf('Message 1'));
    // Nothing from a message runs on the page.
    expect(page).not.toContain('<script');
    expect(page).toContain('&#60;script&#62;alert(&#34;subject&#34;)&#60;/script&#62;</h2>');
    expect(page).toContain('<pre>Code: &#60;b&#62;123456&#60;/b&#62;</pre>');
    expect(page).toContain('<iframe sandbox="" srcdoc="&#60;p&#62;Hi&#60;/p&#62;&#60;script&#62;alert(&#34;body&#34;)&#60;/script&#62;"');
    expect(page).toMatch(/<h2 id="(message-\d+)">Message 1<\/h2>/u);
    const [, id] = /<h2 id="(message-\d+)">Message 1<\/h2>/u.exec(page)!;
    expect(page).toContain(`<article aria-labelledby="${id}">`);

    expect((await fetch(`${demo.url}/dev/mail?limit=1`)).status).toBe(200);
    const refused = await fetch(`${demo.url}/dev/mail?limit=999`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<p role="alert">limit must be a whole number from 1 to 200.</p>');
  });

  it('mails from the core carry the demo brand', () => {
    const email = demo.core.mail.render('sign-in-code', { params: { code: '123456', link: `${demo.url}/sign-in`, expiresInMinutes: 10 } });
    expect(email.subject).toBe('123456 is your Acme Notes sign-in code');
  });
});

describe('development outbox (devMail off, as in production)', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await start(false);
    await demo.core.mailer.send({ to: 'ada@example.com', subject: 'Secret code 123456', text: '123456', html: '<p>123456</p>' });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it.each(['/dev/outbox', '/dev/mail', '/dev/outbox?limit=1'])('GET %s answers 404 and reveals nothing', async (route) => {
    const response = await fetch(`${demo.url}${route}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('123456');
  });
});

describe('empty development outbox', () => {
  it('says there is nothing yet', async () => {
    const demo = await start(true);
    try {
      expect(await (await fetch(`${demo.url}/dev/outbox`)).json()).toEqual([]);
      expect(await (await fetch(`${demo.url}/dev/mail`)).text()).toContain('<p>No messages yet.');
    } finally {
      await demo.close();
    }
  });
});
