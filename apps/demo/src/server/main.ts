import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createDemoServer } from './createDemoServer.ts';
import { readDemoEnv } from './readDemoEnv.ts';

const logger = pino({ name: 'latch-demo' });

let env;
try {
  env = readDemoEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const server = await createDemoServer({
  port: env.port,
  dataDir: env.dataDir,
  ...(env.databaseUrl ? { databaseUrl: env.databaseUrl } : {}),
  ...(env.redisUrl ? { redisUrl: env.redisUrl } : {}),
  devMail: env.devMail,
  ...(env.smtp ? { smtp: env.smtp } : {}),
  ...(env.stepUpMaxAgeSeconds === undefined ? {} : { stepUpMaxAgeSeconds: env.stepUpMaxAgeSeconds }),
  profilePrompts: env.profilePrompts,
  ...(env.emailCodeTtlSeconds === undefined ? {} : { emailCodeTtlSeconds: env.emailCodeTtlSeconds }),
  termsVersion: env.termsVersion,
  webRoot: path.resolve(fileURLToPath(new URL('../../dist/web', import.meta.url))),
  logger,
});
logger.info(`Latch demo on ${server.url} (storage: ${env.databaseUrl ? 'PostgreSQL' : `PGlite in ${env.dataDir}`}${env.redisUrl ? ', sessions and rate limits in Redis' : ''})`);
// Never the SMTP URL: it holds the password.
logger.info(env.smtp ? 'Mail goes through SMTP' : `Mail goes to the development outbox${env.devMail ? `: ${server.url}/dev/mail` : ''}`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    // PGlite must close cleanly or its files need recovery at the next start.
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
