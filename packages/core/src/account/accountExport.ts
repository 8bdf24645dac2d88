import type { Transaction } from 'kysely';
import type { CoreSchema } from '../storage/schema.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';

/** What a section of the data export reads from. */
export interface ExportContext {
  userId: string;
  db: CoreDatabase;
}

/**
 * One part of "download my data": resolves with JSON-serialisable data about
 * the user. Metadata only: never a secret, a hash or a key.
 */
export type ExportSection = (context: ExportContext) => Promise<unknown>;

/**
 * Erases one domain's personal data of a user inside the deletion's
 * transaction, before the user row goes. Throwing rolls the whole deletion back.
 */
export type AccountEraser = (context: { userId: string; trx: Transaction<CoreSchema>; now: Date }) => Promise<void>;

/** A named list that refuses a second entry of the same name (two domains exporting under one key would lose data). */
export interface AccountRegistry<T> {
  register(name: string, entry: T): void;
  entries(): readonly (readonly [string, T])[];
}

const SECTION_NAME = /^[a-z][A-Za-z0-9]{0,47}$/u;

export function createAccountRegistry<T>(kind: string): AccountRegistry<T> {
  const entries = new Map<string, T>();
  return {
    register(name, entry) {
      if (!SECTION_NAME.test(name)) throw new TypeError(`${kind}.register(): "${name}" is not a camelCase name.`);
      if (entries.has(name)) throw new TypeError(`${kind}.register(): "${name}" is registered already.`);
      entries.set(name, entry);
    },
    entries: () => [...entries],
  };
}

/** Runs every export section, in registration order, into one object keyed by section name. */
export async function buildExport(registry: AccountRegistry<ExportSection>, context: ExportContext): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const [name, section] of registry.entries()) result[name] = await section(context);
  return result;
}
