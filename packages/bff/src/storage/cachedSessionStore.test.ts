import { describe, expect, it } from 'vitest';
import { cachedSessionStore } from './cachedSessionStore.ts';
import { hashToken, type SessionStore, type StoredSession } from './createSessionStore.ts';

function countingStore(sessions: Map<string, StoredSession>) {
  const calls = { find: 0 };
  const store: SessionStore = {
    async create() {
      throw new Error('not used');
    },
    async find(id) {
      calls.find += 1;
      return sessions.get(id);
    },
    async destroy(id) {
      const session = sessions.get(id);
      sessions.delete(id);
      return session;
    },
    async destroyAllForUser(userId) {
      const ended = [...sessions].filter(([, stored]) => stored.userId === userId);
      for (const [id] of ended) sessions.delete(id);
      return ended.map(([id]) => hashToken(id));
    },
    async updateTokens() {
      throw new Error('not used');
    },
    async acquireRefreshLock() {
      throw new Error('not used');
    },
    async releaseRefreshLock() {},
    async bindFlow() {},
    async findFlowBinding() {
      return undefined;
    },
    async deleteFlowBinding() {},
    async pruneExpired() {
      return { sessions: 0, flowBindings: 0 };
    },
  };
  return { store, calls };
}

const session = (expiresAt: number): StoredSession => ({
  userId: 'u1',
  data: { email: 'a@example.com', claims: {}, tokens: { accessToken: 'a', idToken: 'i' }, coreCookies: {} },
  createdAt: new Date(0),
  expiresAt: new Date(expiresAt),
});

describe('cachedSessionStore', () => {
  it('answers repeated lookups within the staleness bound without asking the database', async () => {
    let clock = 1_000;
    const { store, calls } = countingStore(new Map([['s1', session(1_000_000)]]));
    const cached = cachedSessionStore(store, { maxStalenessMs: 5_000, maxEntries: 10, now: () => clock });
    await cached.find('s1');
    await cached.find('s1');
    clock += 4_999;
    expect(await cached.find('s1')).toMatchObject({ userId: 'u1' });
    expect(calls.find).toBe(1);
    clock += 1;
    await cached.find('s1');
    expect(calls.find).toBe(2);
  });

  it('forgets a session destroyed through it at once', async () => {
    const { store } = countingStore(new Map([['s1', session(1_000_000)]]));
    const cached = cachedSessionStore(store, { maxStalenessMs: 60_000, maxEntries: 10, now: () => 0 });
    expect(await cached.find('s1')).toBeDefined();
    await cached.destroy('s1');
    expect(await cached.find('s1')).toBeUndefined();
  });

  it('never serves a cached session past its expiry', async () => {
    let clock = 0;
    const { store } = countingStore(new Map([['s1', session(100)]]));
    const cached = cachedSessionStore(store, { maxStalenessMs: 60_000, maxEntries: 10, now: () => clock });
    expect(await cached.find('s1')).toBeDefined();
    clock = 100;
    expect(await cached.find('s1')).toBeUndefined();
  });

  it('sees a session revoked elsewhere once the staleness bound has passed', async () => {
    let clock = 0;
    const sessions = new Map([['s1', session(1_000_000)]]);
    const { store } = countingStore(sessions);
    const cached = cachedSessionStore(store, { maxStalenessMs: 5_000, maxEntries: 10, now: () => clock });
    await cached.find('s1');
    sessions.delete('s1');
    clock = 5_000;
    expect(await cached.find('s1')).toBeUndefined();
  });

  it('forgets every cached session of a user signed out everywhere', async () => {
    const sessions = new Map([
      ['a', session(1e9)],
      ['b', session(1e9)],
    ]);
    const { store } = countingStore(sessions);
    const cached = cachedSessionStore(store, { maxStalenessMs: 60_000, maxEntries: 10, now: () => 0 });
    expect(await cached.find('a')).toBeDefined();
    expect(await cached.find('b')).toBeDefined();
    expect(await cached.destroyAllForUser('u1')).toHaveLength(2);
    expect(await cached.find('a')).toBeUndefined();
    expect(await cached.find('b')).toBeUndefined();
  });

  it('keeps at most maxEntries lookups', async () => {
    const sessions = new Map([
      ['a', session(1e9)],
      ['b', session(1e9)],
      ['c', session(1e9)],
    ]);
    const { store, calls } = countingStore(sessions);
    const cached = cachedSessionStore(store, { maxStalenessMs: 60_000, maxEntries: 2, now: () => 0 });
    await cached.find('a');
    await cached.find('b');
    await cached.find('c');
    await cached.find('a');
    expect(calls.find).toBe(4);
  });
});
