/** A message as the demo's `GET /dev/outbox` lists it (newest first). */
export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

/**
 * The newest mail to `to` in the demo's development outbox, sent after
 * `after` (an ISO time or Date) when given. Waits briefly for it: mail is
 * written before the flow answers, so this rarely needs a second look.
 */
export async function newestMail(baseUrl: string, to: string, options: { after?: Date; subject?: RegExp } = {}): Promise<OutboxMail> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const response = await fetch(`${baseUrl}/dev/outbox?limit=50`);
    if (!response.ok) throw new Error(`GET /dev/outbox answered ${response.status}`);
    const mail = ((await response.json()) as OutboxMail[]).find(
      (message) =>
        message.to === to.toLowerCase() &&
        (!options.after || Date.parse(message.sentAt) >= options.after.getTime()) &&
        (!options.subject || options.subject.test(message.subject)),
    );
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} in the outbox`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The six-digit code of the newest mail to `to`. */
export async function newestCode(baseUrl: string, to: string, options: { after?: Date } = {}): Promise<string> {
  const mail = await newestMail(baseUrl, to, { ...options, subject: /verify|code/iu });
  const code = /\b(\d{6})\b/u.exec(mail.text)?.[1];
  if (!code) throw new Error(`the newest mail to ${to} holds no code: ${mail.subject}`);
  return code;
}

/** The emailed link (`…?flow=…&token=…`) of the newest mail to `to`. */
export async function newestLink(baseUrl: string, to: string): Promise<string> {
  const mail = await newestMail(baseUrl, to, { subject: /verify|code/iu });
  const link = /(https?:\/\/\S+\?flow=\S+)/u.exec(mail.text)?.[1];
  if (!link) throw new Error(`the newest mail to ${to} holds no link: ${mail.subject}`);
  return link;
}
