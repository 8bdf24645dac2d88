import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDemoEnv } from './readDemoEnv.ts';

describe('readDemoEnv', () => {
  it('defaults to port 3000 and .latch in the working directory', () => {
    expect(readDemoEnv({}, '/srv/app')).toEqual({ port: 3000, dataDir: path.resolve('/srv/app/.latch') });
  });

  it('reads PORT, LATCH_DATA_DIR and DATABASE_URL', () => {
    expect(readDemoEnv({ PORT: '4100', LATCH_DATA_DIR: 'data', DATABASE_URL: 'postgres://u@127.0.0.1/db' }, '/srv')).toEqual({
      port: 4100,
      dataDir: path.resolve('/srv/data'),
      databaseUrl: 'postgres://u@127.0.0.1/db',
    });
  });

  it.each(['abc', '70000', '-1', '3000x'])('refuses PORT=%s with a readable message', (port) => {
    expect(() => readDemoEnv({ PORT: port })).toThrow(/PORT must be a number/u);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', () => {
    expect(() => readDemoEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/postgres/u);
  });
});
