import { z } from 'zod';
import { isMailbox } from './createSmtpMailer.ts';
import { emailThemeInputSchema } from './emailTheme.ts';

// Messages never quote the value: an SMTP URL usually carries a password.
const smtpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { message: 'must be an smtp:// or smtps:// URL with a host, e.g. smtps://user:password@smtp.example.com:465', abort: true },
);

const from = z.string().refine(isMailbox, { message: 'must be an address such as no-reply@example.com or "Acme" <no-reply@example.com>' });

/**
 * The `mail` option of `createCore()`: where mail goes and how it looks.
 *
 * - `{ transport: 'outbox' }` (default): into the `latch_mail_outbox` table,
 *   for development and tests (`listOutbox()`; the demo's `/dev/mail`).
 *   Mail never leaves the database; the core warns when it starts with this
 *   under `NODE_ENV=production`.
 * - `{ transport: 'smtp', url, from }`: through an SMTP server (nodemailer).
 *
 * Either may carry a `theme` (brand name, logo URL, colours) for the emails.
 */
export const mailOptionsSchema = z
  .discriminatedUnion('transport', [
    z.strictObject({ transport: z.literal('outbox'), theme: emailThemeInputSchema.optional() }),
    z.strictObject({ transport: z.literal('smtp'), url: smtpUrl, from, theme: emailThemeInputSchema.optional() }),
  ])
  .default({ transport: 'outbox' });

export type MailOptions = z.input<typeof mailOptionsSchema>;
