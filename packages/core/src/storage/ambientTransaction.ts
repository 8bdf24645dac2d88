import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type Kysely, type TransactionSettings } from 'kysely';

/**
 * Ambient transactions: inside `runInTransaction(db, work)`, every query made
 * through `db` — by the flow engine, a repository, a service, oidc-provider's
 * adapter — runs on that transaction's connection, so a flow step's writes
 * and the flow-state save commit or roll back together without threading a
 * `trx` through every repository.
 *
 * It matters twice over on PGlite, which has a single connection: a query on
 * `db` while a transaction held that connection would wait for it forever.
 * Here it joins the transaction instead. A nested `db.transaction()` becomes a
 * savepoint of the ambient one.
 */
interface Scope {
  /** The connection of the open transaction; unset before `begin` and after commit/rollback. */
  connection: DatabaseConnection | undefined;
  /** Open savepoints of nested `db.transaction()` calls. */
  savepoints: number;
  afterCommit: Array<() => void>;
}

const scopes = new AsyncLocalStorage<Scope>();
const ambientDatabases = new WeakSet<object>();

/** Wraps a dialect's driver so that queries made inside `runInTransaction()` join its transaction. */
export function withAmbientTransactions(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new AmbientTransactionDriver(dialect.createDriver()),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

/** Marks a database built on `withAmbientTransactions()` (see `createDatabase`). */
export function registerAmbientDatabase(db: Kysely<never> | Kysely<unknown> | object): void {
  ambientDatabases.add(db);
}

/**
 * Runs `work` in one transaction on `db`: commits when it resolves, rolls back
 * when it rejects. Queries on `db` made by `work` (however deep) take part.
 * Hooks registered with `afterCommit()` run once the commit has succeeded.
 * Called inside another `runInTransaction()`, `work` simply joins it.
 */
export async function runInTransaction<T>(db: Kysely<never> | Kysely<unknown> | object, work: () => Promise<T>): Promise<T> {
  if (scopes.getStore()?.connection) return work();
  if (!ambientDatabases.has(db)) {
    throw new TypeError('runInTransaction(): the database was not opened by createDatabase() (its driver cannot share the transaction).');
  }
  const scope: Scope = { connection: undefined, savepoints: 0, afterCommit: [] };
  const result = await scopes.run(scope, () => (db as Kysely<unknown>).transaction().execute(() => work()));
  for (const hook of scope.afterCommit) hook();
  return result;
}

/**
 * Runs `hook` once the ambient transaction has committed (never, if it rolls
 * back), or right away outside of one. For side effects that cannot be
 * undone, such as waking the mail delivery worker. `hook` must not throw.
 */
export function afterCommit(hook: () => void): void {
  const scope = scopes.getStore();
  if (scope?.connection) scope.afterCommit.push(hook);
  else hook();
}

class AmbientTransactionDriver implements Driver {
  readonly #inner: Driver;

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return scopes.getStore()?.connection ?? this.#inner.acquireConnection();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const scope = scopes.getStore();
    if (scope?.connection === connection) {
      scope.savepoints += 1;
      await connection.executeQuery(CompiledQuery.raw(`savepoint latch_nested_${scope.savepoints}`));
      return;
    }
    await this.#inner.beginTransaction(connection, settings);
    if (scope && !scope.connection) scope.connection = connection;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const scope = scopes.getStore();
    if (scope?.connection === connection && scope.savepoints > 0) {
      await connection.executeQuery(CompiledQuery.raw(`release savepoint latch_nested_${scope.savepoints}`));
      scope.savepoints -= 1;
      return;
    }
    if (scope?.connection === connection) scope.connection = undefined;
    await this.#inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const scope = scopes.getStore();
    if (scope?.connection === connection && scope.savepoints > 0) {
      const name = `latch_nested_${scope.savepoints}`;
      scope.savepoints -= 1;
      await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
      await connection.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
      return;
    }
    if (scope?.connection === connection) {
      scope.connection = undefined;
      scope.afterCommit = [];
    }
    await this.#inner.rollbackTransaction(connection);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // Queries that joined the open transaction hand nothing back; the transaction's own release comes after commit.
    if (scopes.getStore()?.connection === connection) return;
    await this.#inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}
