import { listOutbox, OUTBOX_MAX_LIMIT, type CoreDatabase, type OutboxMessage } from '@latch/core';
import { Router, type Request, type Response } from 'express';

const DEFAULT_LIMIT = 50;

/**
 * The development outbox, for people and for tests that need a code or a
 * link from an email: `GET /dev/outbox` (JSON) and `GET /dev/mail` (a page),
 * newest first, `?limit=1…200` (default 50). Mount it only outside
 * production: it hands anyone who can reach it every code and sign-in link.
 */
export function devMailRoutes(options: { db: CoreDatabase }): Router {
  const router = Router();

  router.get('/dev/outbox', async function devOutbox(req, res) {
    const limit = readLimit(req);
    if (typeof limit === 'string') {
      res.status(400).set('cache-control', 'no-store').json({ error: { code: 'invalid_request', message: limit } });
      return;
    }
    const messages = await listOutbox(options.db, { limit });
    res
      .set('cache-control', 'no-store')
      .json(messages.map((message) => ({ to: message.to, subject: message.subject, text: message.text, html: message.html, sentAt: message.sentAt })));
  });

  router.get('/dev/mail', async function devMailPage(req, res) {
    const limit = readLimit(req);
    if (typeof limit === 'string') {
      sendPage(res.status(400), `<p role="alert">${escapeHtml(limit)}</p>`);
      return;
    }
    sendPage(res, renderMessages(await listOutbox(options.db, { limit })));
  });

  return router;
}

/** The `limit` query parameter, or the message explaining why it is refused. */
function readLimit(req: Request): number | string {
  const raw = req.query.limit;
  if (raw === undefined) return DEFAULT_LIMIT;
  if (typeof raw !== 'string' || !/^\d{1,3}$/u.test(raw) || Number(raw) < 1 || Number(raw) > OUTBOX_MAX_LIMIT) {
    return `limit must be a whole number from 1 to ${OUTBOX_MAX_LIMIT}.`;
  }
  return Number(raw);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/gu, (character) => `&#${character.charCodeAt(0)};`);
}

function renderMessages(messages: OutboxMessage[]): string {
  if (messages.length === 0) return '<p>No messages yet. Mail the demo sends (sign-up codes, sign-in links) appears here.</p>';
  const items = messages.map((message) => {
    const id = `message-${escapeHtml(message.id)}`;
    const subject = escapeHtml(message.subject);
    const sentAt = message.sentAt.toISOString();
    // The HTML body is shown in a fully sandboxed frame: no scripts, no
    // same-origin access, no forms, whatever the message holds.
    return `<li>
<article aria-labelledby="${id}">
<h2 id="${id}">${subject}</h2>
<dl>
<dt>To</dt><dd>${escapeHtml(message.to)}</dd>
<dt>Sent at</dt><dd><time datetime="${sentAt}">${sentAt.replace('T', ' ').replace(/\.\d+Z$/u, ' UTC')}</time></dd>
</dl>
<h3>Text</h3>
<pre>${escapeHtml(message.text)}</pre>
<details>
<summary>HTML version</summary>
<iframe sandbox="" srcdoc="${escapeHtml(message.html)}" title="HTML version of “${subject}”" loading="lazy"></iframe>
</details>
</article>
</li>`;
  });
  return `<p>${messages.length === 1 ? '1 message' : `${messages.length} messages`}, newest first.</p>\n<ol class="messages">\n${items.join('\n')}\n</ol>`;
}

function sendPage(res: Response, content: string): void {
  res.set('cache-control', 'no-store').type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Development outbox</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; line-height: 1.5; color: #0f172a; background: #f8fafc; }
  main { max-width: 60rem; margin: 0 auto; padding: 2rem 1rem; }
  .messages { list-style: none; padding: 0; }
  article { background: #fff; border: 1px solid #64748b; border-radius: 0.5rem; padding: 1rem 1.5rem; margin-block-end: 1.5rem; }
  h2 { margin-block: 0 0.5rem; font-size: 1.25rem; overflow-wrap: anywhere; }
  h3 { font-size: 1rem; margin-block: 1rem 0.25rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f1f5f9; padding: 0.75rem; border-radius: 0.25rem; margin: 0; }
  summary { cursor: pointer; margin-block-start: 1rem; }
  iframe { width: 100%; height: 32rem; border: 1px solid #e2e8f0; background: #fff; margin-block-start: 0.5rem; }
  a { color: #4338ca; }
  :focus-visible { outline: 3px solid #4f46e5; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>Development outbox</h1>
<p>Mail sent through the development outbox; this page and <a href="/dev/outbox">its JSON</a> exist only outside production. <a href="/dev/mail">Refresh</a></p>
${content}
</main>
</body>
</html>
`);
}
