import type { CoreDatabase } from '../storage/createDatabase.ts';
import { createOutboxMailer } from './createOutboxMailer.ts';
import { createSmtpMailer } from './createSmtpMailer.ts';
import type { Mailer } from './mailer.ts';
import type { mailOptionsSchema } from './mailOptionsSchema.ts';
import type { z } from 'zod';

/** The mailer the validated `mail` option of `createCore()` asks for. */
export function createMailer(options: z.output<typeof mailOptionsSchema>, db: CoreDatabase): Mailer {
  return options.transport === 'smtp' ? createSmtpMailer({ url: options.url, from: options.from }) : createOutboxMailer(db);
}
