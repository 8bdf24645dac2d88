import type { Session } from './flow.ts';

export type SessionSnapshot =
  | { status: 'loading'; session: undefined }
  | { status: 'ready'; session: Session }
  | { status: 'error'; session: undefined; error: Error };

export interface SessionStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): SessionSnapshot;
  /** Replaces the snapshot, e.g. after sign-in or sign-out. */
  set(session: Session): void;
  /** Reloads the session from the BFF; concurrent calls share one request. */
  refresh(): Promise<Session>;
}

/**
 * The one piece of global state: the current session, observable in the
 * shape `useSyncExternalStore` and Lit controllers expect.
 */
export function createSessionStore(options: { load: () => Promise<Session> }): SessionStore {
  let snapshot: SessionSnapshot = { status: 'loading', session: undefined };
  let inFlight: Promise<Session> | undefined;
  // Bumped by set(): a load that started before it (say, a refresh racing
  // signOut) must not bring the old session back when it lands.
  let generation = 0;
  const listeners = new Set<() => void>();

  const emit = (next: SessionSnapshot): void => {
    snapshot = next;
    for (const listener of listeners) listener();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: () => snapshot,
    set(session) {
      generation += 1;
      inFlight = undefined;
      emit({ status: 'ready', session });
    },
    refresh() {
      if (inFlight) return inFlight;
      const started = generation;
      const current: Promise<Session> = options
        .load()
        .then(
          (session) => {
            if (started !== generation) return snapshot.session ?? session;
            emit({ status: 'ready', session });
            return session;
          },
          (error: unknown) => {
            const err = error instanceof Error ? error : new Error(String(error));
            if (started === generation) emit({ status: 'error', session: undefined, error: err });
            throw err;
          },
        )
        .finally(() => {
          if (inFlight === current) inFlight = undefined;
        });
      inFlight = current;
      return current;
    },
  };
}
