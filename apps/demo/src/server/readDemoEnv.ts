import path from 'node:path';

export interface DemoEnv {
  port: number;
  dataDir: string;
  databaseUrl?: string;
}

/** Reads PORT, LATCH_DATA_DIR and DATABASE_URL; throws a readable message for bad values. */
export function readDemoEnv(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): DemoEnv {
  const rawPort = env.PORT?.trim() || '3000';
  if (!/^\d{1,5}$/u.test(rawPort) || Number(rawPort) > 65535) {
    throw new Error(`PORT must be a number from 0 to 65535, not "${rawPort}".`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//u.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL.');
  }
  return {
    port: Number(rawPort),
    dataDir: path.resolve(cwd, env.LATCH_DATA_DIR?.trim() || '.latch'),
    ...(databaseUrl ? { databaseUrl } : {}),
  };
}
