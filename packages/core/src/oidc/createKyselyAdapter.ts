import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { CoreDatabase } from '../storage/createDatabase.ts';

/**
 * oidc-provider's storage contract (its `adapters/memory_adapter.js` is the
 * reference) on the core's database, so sessions, grants and codes survive
 * restarts and are shared by every instance.
 */
export function createKyselyAdapter(db: CoreDatabase, now: () => Date = () => new Date()) {
  return class KyselyAdapter implements Adapter {
    readonly type: string;

    constructor(name: string) {
      this.type = name;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const expiresAt = expiresIn ? new Date(now().getTime() + expiresIn * 1000) : null;
      const row = {
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expires_at: expiresAt,
      };
      await db
        .insertInto('latch_oidc_payloads')
        .values({ id, type: this.type, ...row })
        .onConflict((oc) => oc.columns(['type', 'id']).doUpdateSet(row))
        .execute();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return this.#findBy('id', id);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.#findBy('user_code', userCode);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.#findBy('uid', uid);
    }

    async consume(id: string): Promise<void> {
      await db
        .updateTable('latch_oidc_payloads')
        .set({ consumed_at: now() })
        .where('type', '=', this.type)
        .where('id', '=', id)
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('latch_oidc_payloads').where('type', '=', this.type).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('latch_oidc_payloads').where('grant_id', '=', grantId).execute();
    }

    async #findBy(column: 'id' | 'user_code' | 'uid', value: string): Promise<AdapterPayload | undefined> {
      const row = await db
        .selectFrom('latch_oidc_payloads')
        .select(['payload', 'expires_at', 'consumed_at'])
        .where('type', '=', this.type)
        .where(column, '=', value)
        .executeTakeFirst();
      if (!row) return undefined;
      if (row.expires_at && new Date(row.expires_at).getTime() <= now().getTime()) return undefined;
      const payload = row.payload as AdapterPayload;
      return row.consumed_at ? { ...payload, consumed: true } : payload;
    }
  };
}
