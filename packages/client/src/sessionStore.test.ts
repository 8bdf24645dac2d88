import { describe, expect, it, vi } from 'vitest';
import type { Session } from './flow.ts';
import { createSessionStore } from './sessionStore.ts';

const signedIn: Session = { authenticated: true, user: { id: 'u1', email: 'ada@example.com', claims: {} }, expiresAt: '2030-01-01T00:00:00.000Z' };
const signedOut: Session = { authenticated: false };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createSessionStore', () => {
  it('starts loading and keeps the same snapshot object until something changes', () => {
    const store = createSessionStore({ load: vi.fn() });
    const first = store.getSnapshot();
    expect(first).toEqual({ status: 'loading', session: undefined });
    expect(store.getSnapshot()).toBe(first); // useSyncExternalStore needs a stable snapshot
  });

  it('loads the session on refresh and tells subscribers', async () => {
    const load = vi.fn(async () => signedIn);
    const store = createSessionStore({ load });
    const listener = vi.fn();
    store.subscribe(listener);
    await expect(store.refresh()).resolves.toEqual(signedIn);
    expect(store.getSnapshot()).toEqual({ status: 'ready', session: signedIn });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('shares one request between concurrent refreshes, and starts a new one afterwards', async () => {
    const pending = deferred<Session>();
    const load = vi.fn(() => pending.promise);
    const store = createSessionStore({ load });
    const listener = vi.fn();
    store.subscribe(listener);

    const calls = [store.refresh(), store.refresh(), store.refresh()];
    expect(calls[1]).toBe(calls[0]);
    expect(load).toHaveBeenCalledTimes(1);
    pending.resolve(signedIn);
    await expect(Promise.all(calls)).resolves.toEqual([signedIn, signedIn, signedIn]);
    expect(listener).toHaveBeenCalledTimes(1);

    load.mockResolvedValueOnce(signedOut);
    await expect(store.refresh()).resolves.toEqual(signedOut);
    expect(load).toHaveBeenCalledTimes(2);
    expect(store.getSnapshot()).toEqual({ status: 'ready', session: signedOut });
  });

  it('reports a failed load as an error snapshot and rejects, then recovers on the next refresh', async () => {
    const load = vi.fn<() => Promise<Session>>().mockRejectedValueOnce(new Error('offline')).mockRejectedValueOnce('plain string').mockResolvedValueOnce(signedOut);
    const store = createSessionStore({ load });
    const listener = vi.fn();
    store.subscribe(listener);

    await expect(store.refresh()).rejects.toThrow('offline');
    const failed = store.getSnapshot();
    expect(failed.status).toBe('error');
    expect(failed.status === 'error' && failed.error.message).toBe('offline');

    await expect(store.refresh()).rejects.toThrow('plain string');
    await expect(store.refresh()).resolves.toEqual(signedOut);
    expect(store.getSnapshot()).toEqual({ status: 'ready', session: signedOut });
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('set() replaces the session and notifies every subscriber until it unsubscribes', () => {
    const store = createSessionStore({ load: vi.fn() });
    const [a, b] = [vi.fn(), vi.fn()];
    const unsubscribeA = store.subscribe(a);
    store.subscribe(b);
    store.set(signedIn);
    expect(store.getSnapshot()).toEqual({ status: 'ready', session: signedIn });
    unsubscribeA();
    store.set(signedOut);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    expect(store.getSnapshot()).toEqual({ status: 'ready', session: signedOut });
  });

  it('does not let a refresh that started before set() overwrite it (sign-out racing a reload)', async () => {
    const pending = deferred<Session>();
    const store = createSessionStore({ load: () => pending.promise });
    const refreshing = store.refresh();
    store.set(signedOut);
    pending.resolve(signedIn);
    await expect(refreshing).resolves.toEqual(signedOut);
    expect(store.getSnapshot()).toEqual({ status: 'ready', session: signedOut });
  });

  it('does not turn a set() session into an error when an older refresh fails', async () => {
    const pending = deferred<Session>();
    const store = createSessionStore({ load: () => pending.promise });
    const refreshing = store.refresh();
    store.set(signedIn);
    pending.reject(new Error('late failure'));
    await expect(refreshing).rejects.toThrow('late failure');
    expect(store.getSnapshot()).toEqual({ status: 'ready', session: signedIn });
  });

  it('starts a fresh request when refresh() follows set() while an older one is pending', async () => {
    const first = deferred<Session>();
    const load = vi.fn<() => Promise<Session>>().mockReturnValueOnce(first.promise).mockResolvedValueOnce(signedIn);
    const store = createSessionStore({ load });
    const stale = store.refresh();
    store.set(signedOut);
    await expect(store.refresh()).resolves.toEqual(signedIn);
    expect(load).toHaveBeenCalledTimes(2);
    first.resolve(signedOut);
    await stale;
    expect(store.getSnapshot()).toEqual({ status: 'ready', session: signedIn });
  });
});
