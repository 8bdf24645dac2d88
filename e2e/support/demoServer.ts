import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const demoMain = fileURLToPath(new URL('../../apps/demo/src/server/main.ts', import.meta.url));

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The demo as a user runs it: its own Node process on 127.0.0.1, PGlite in a
 * temporary LATCH_DATA_DIR. `restart()` stops the process and starts a new
 * one on the same port and data, to prove nothing that matters lives in memory.
 */
export class DemoServer {
  readonly dataDir: string;
  readonly port: number;
  private child: ChildProcess | undefined;
  private output = '';

  private env: Record<string, string>;

  private constructor(dataDir: string, port: number, env: Record<string, string>) {
    this.dataDir = dataDir;
    this.port = port;
    this.env = env;
  }

  /** `env` adds to the demo's environment, e.g. `{ LATCH_STEP_UP_MAX_AGE: '1' }`. */
  static async start(options: { env?: Record<string, string> } = {}): Promise<DemoServer> {
    const server = new DemoServer(await mkdtemp(path.join(tmpdir(), 'latch-e2e-')), await freePort(), options.env ?? {});
    await server.spawn();
    return server;
  }

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  /** `env` changes the environment from now on, e.g. `{ LATCH_TERMS_VERSION: '2' }`. */
  async restart(options: { env?: Record<string, string> } = {}): Promise<void> {
    await this.stopProcess();
    if (options.env) this.env = { ...this.env, ...options.env };
    await this.spawn();
  }

  async stop(): Promise<void> {
    await this.stopProcess();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async spawn(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['--conditions=latch-source', demoMain], {
      // Progressive-profiling prompts interrupt sign-in; off unless a spec asks (`{ env: { LATCH_PROFILE_PROMPTS: '1' } }`).
      env: { ...process.env, LATCH_PROFILE_PROMPTS: '0', ...this.env, PORT: String(this.port), LATCH_DATA_DIR: this.dataDir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    // LATCH_E2E_START_TIMEOUT_MS: on a loaded machine PGlite start-up and migrations take a while (60 s by default).
    const startTimeoutMs = Number(process.env.LATCH_E2E_START_TIMEOUT_MS) || 60_000;
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the demo exited with ${child.exitCode}:\n${this.output}`);
      try {
        const response = await fetch(`${this.url}/auth/session`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await this.stopProcess();
    throw new Error(`the demo did not start within ${startTimeoutMs / 1000} s (LATCH_E2E_START_TIMEOUT_MS):\n${this.output}`);
  }

  private async stopProcess(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
