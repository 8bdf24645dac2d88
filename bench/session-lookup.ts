// Throughput of the hot path: GET /auth/session for a signed-in browser,
// against bare Express on the same machine, with the BFF's session cache on
// and off, and with sessions in Redis (REDIS_URL, default the local one). Bounded: each run lasts DURATION_MS with CONCURRENCY requests in flight.
import type { AddressInfo } from 'node:net';
import { startTestStack, TestBrowser } from '@latch/bff/testing';
import express from 'express';
import { Redis } from 'ioredis';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

async function hammer(url: string, headers: Record<string, string>): Promise<{ perSecond: number; p50: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + DURATION_MS;
  async function worker() {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (!response.ok) errors += 1;
      latencies.push(performance.now() - started);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

function report(name: string, result: Awaited<ReturnType<typeof hammer>>, baseline?: number): void {
  const share = baseline ? ` (${((result.perSecond / baseline) * 100).toFixed(0)}% of bare Express)` : '';
  console.log(
    `${name.padEnd(34)} ${result.perSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  errors ${result.errors}${share}`,
  );
}

const bare = express();
bare.disable('x-powered-by');
bare.get('/ping', (_req, res) => {
  res.json({ authenticated: false });
});
const bareServer = bare.listen(0, '127.0.0.1');
await new Promise((resolve) => bareServer.once('listening', resolve));
const bareResult = await hammer(`http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/ping`, {});
bareServer.close();

console.log(`GET /auth/session, signed in, PGlite, ${CONCURRENCY} in flight, ${DURATION_MS} ms per run`);
report('bare Express (baseline)', bareResult);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisKeyPrefix = `latch-bench-${Date.now()}`;

for (const [name, options] of [
  ['BFF, session cache 5 s (default)', { sessionCacheMs: 5_000 }],
  ['BFF, session cache off', { sessionCacheMs: 0 }],
  ['BFF, sessions in Redis, cache off', { sessionCacheMs: 0, redisUrl: REDIS_URL, redisKeyPrefix }],
] as const) {
  const stack = await startTestStack(options);
  try {
    const browser = new TestBrowser(stack.url);
    await browser.signUp(`bench-${Date.now()}@example.com`, 'correct horse battery staple');
    const cookie = `__Host-latch=${browser.cookies.get('__Host-latch')}`;
    report(name, await hammer(`${stack.url}/auth/session`, { cookie }), bareResult.perSecond);
  } finally {
    await stack.close();
  }
}

// Leave the shared Redis as we found it.
const redis = new Redis(REDIS_URL);
const keys = await redis.keys(`${redisKeyPrefix}:*`);
if (keys.length > 0) await redis.del(...keys);
await redis.quit();
