import type { Logger } from 'pino';
import { LatchError } from '../errors.ts';
import type { RequestContext } from '../flows/flowTypes.ts';
import type { CoreDatabase } from '../storage/createDatabase.ts';
import { createUserRepository, type User, type UserRepository } from '../users/userRepository.ts';
import { receiptsFor, type ConsentDecision, type ConsentSource, type CurrentDecision } from './consentDecisions.ts';
import type { ConsentPurpose, ResolvedConsentOptions } from './consentOptionsSchema.ts';
import { createConsentRepository, type ConsentReceipt, type NewReceipt } from './consentRepository.ts';
import { consentTextHash, localizePurpose, type LocalizedPurpose } from './consentText.ts';
import { createConsentWebhookSender } from './consentWebhook.ts';

/** A purpose with the user's current decision, as the account API lists it. */
export interface UserConsent extends LocalizedPurpose {
  /** The latest decision, or null when the user never decided. */
  decision: ConsentDecision | null;
  /** The version that decision was about (null when none). */
  decidedVersion: number | null;
  decidedAt: string | null;
  /** Granted at the current version (or later). */
  granted: boolean;
}

/** One changed decision, as subscribers and the webhook receive it. */
export interface ConsentChange {
  purposeId: string;
  version: number;
  decision: ConsentDecision;
  required: boolean;
}

/** What `onChange` listeners and the webhook receive, once the receipts are stored. */
export interface ConsentChangeEvent {
  type: 'consent.changed';
  userId: string;
  source: ConsentSource;
  occurredAt: string;
  changes: ConsentChange[];
}

export type ConsentChangeListener = (event: ConsentChangeEvent) => void | Promise<void>;

/** A decision with the exact words it was about, to be stored as a receipt. */
export interface ShownDecision {
  purposeId: string;
  version: number;
  required: boolean;
  decision: ConsentDecision;
  locale: string;
  textSha256: string;
}

export interface ConsentService {
  /** The configured purposes, in configuration order. */
  readonly purposes: readonly ConsentPurpose[];
  /** Subscribes to every stored change (sign-up, consent step, account API); returns the unsubscribe function. */
  onChange(listener: ConsentChangeListener): () => void;
  /** The latest decision per purpose id. */
  current(userId: string): Promise<Map<string, CurrentDecision>>;
  /** Every purpose in `locale` (falling back to `en`) with the user's current decision. */
  list(options: { userId: string; locale?: string | undefined }): Promise<UserConsent[]>;
  /**
   * Grants or withdraws purposes by id. Throws 400 `unknown_purpose` for an
   * id not configured, and 409 `required_purpose_withdrawal` for withdrawing a
   * required one; nothing is written then. A decision equal to the current
   * one writes no receipt.
   */
  update(options: {
    userId: string;
    decisions: Readonly<Record<string, ConsentDecision>>;
    source: 'profile' | 'api';
    context: RequestContext;
    locale?: string | undefined;
  }): Promise<UserConsent[]>;
  /** The user's receipts, newest first. */
  receipts(options: { userId: string; limit?: number }): Promise<ConsentReceipt[]>;
  /** The purpose's words in `locale` and their hash: what a flow shows and later stores. */
  shown(purpose: ConsentPurpose, locale: string | undefined, decision: ConsentDecision): ShownDecision;
  /**
   * Creates the user and stores `decisions` as `sign_up` receipts in one
   * transaction: a sign-up that fails leaves neither. `undefined` when the
   * email is taken.
   */
  createUser(input: Parameters<UserRepository['create']>[0], options: { decisions: readonly ShownDecision[]; context: RequestContext }): Promise<User | undefined>;
  /** Stores decisions taken in a flow (the sign-in's consent step) and tells subscribers. */
  record(options: { userId: string; decisions: readonly ShownDecision[]; source: ConsentSource; context: RequestContext }): Promise<void>;
  /** Stops webhook retries. */
  close(): void;
}

export class UnknownPurposeError extends LatchError {
  constructor(id: string) {
    super({ status: 400, code: 'unknown_purpose', message: `There is no consent purpose "${id}".` });
  }
}

export class RequiredPurposeWithdrawalError extends LatchError {
  constructor(id: string) {
    super({ status: 409, code: 'required_purpose_withdrawal', message: `"${id}" is required to use the service; it cannot be withdrawn (delete the account instead).` });
  }
}

export function createConsentService(options: { db: CoreDatabase; config: ResolvedConsentOptions; logger: Logger; now?: () => Date }): ConsentService {
  const { db, config, logger } = options;
  const now = options.now ?? (() => new Date());
  const repository = createConsentRepository();
  const purposes = config.purposes;
  const byId = new Map(purposes.map((purpose) => [purpose.id, purpose]));
  const listeners = new Set<ConsentChangeListener>();
  const webhook = config.webhook ? createConsentWebhookSender({ ...config.webhook, logger }) : undefined;

  function notify(event: ConsentChangeEvent): void {
    if (event.changes.length === 0) return;
    for (const listener of listeners) {
      // A listener's failure is its own: it must not undo or fail the change.
      try {
        Promise.resolve(listener(event)).catch((error: unknown) => logger.warn({ err: error }, 'a consent change listener failed'));
      } catch (error) {
        logger.warn({ err: error }, 'a consent change listener failed');
      }
    }
    webhook?.send(event);
  }

  function toReceipts(userId: string, decisions: readonly ShownDecision[], source: ConsentSource, context: RequestContext, at: Date): NewReceipt[] {
    return decisions.map((decision) => ({
      userId,
      purposeId: decision.purposeId,
      version: decision.version,
      decision: decision.decision,
      source,
      locale: decision.locale,
      textSha256: decision.textSha256,
      ip: context.ip || null,
      userAgent: context.userAgent || null,
      createdAt: at,
    }));
  }

  function event(userId: string, source: ConsentSource, decisions: readonly ShownDecision[], at: Date): ConsentChangeEvent {
    return {
      type: 'consent.changed',
      userId,
      source,
      occurredAt: at.toISOString(),
      changes: decisions.map((decision) => ({ purposeId: decision.purposeId, version: decision.version, decision: decision.decision, required: decision.required })),
    };
  }

  const shown: ConsentService['shown'] = (purpose, locale, decision) => {
    const words = localizePurpose(purpose, locale);
    return { purposeId: purpose.id, version: purpose.version, required: words.required, decision, locale: words.locale, textSha256: consentTextHash(words) };
  };

  async function list(userId: string, locale: string | undefined): Promise<UserConsent[]> {
    const current = await repository.current(db, userId);
    return purposes.map((purpose) => {
      const decision = current.get(purpose.id);
      return {
        ...localizePurpose(purpose, locale),
        decision: decision?.decision ?? null,
        decidedVersion: decision?.version ?? null,
        decidedAt: decision ? decision.decidedAt.toISOString() : null,
        granted: decision?.decision === 'granted' && decision.version >= purpose.version,
      };
    });
  }

  return {
    purposes,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    current: (userId) => repository.current(db, userId),
    list: ({ userId, locale }) => list(userId, locale),
    async update({ userId, decisions, source, context, locale }) {
      const changes: Array<{ purpose: ConsentPurpose; decision: ConsentDecision }> = [];
      for (const [id, decision] of Object.entries(decisions)) {
        const purpose = byId.get(id);
        if (!purpose) throw new UnknownPurposeError(id);
        if (purpose.kind === 'required' && decision === 'withdrawn') throw new RequiredPurposeWithdrawalError(id);
        changes.push({ purpose, decision });
      }
      const at = now();
      // Serialised per user, so two racing requests cannot both decide from the same "current".
      const written = await db.transaction().execute(async (trx) => {
        await trx.selectFrom('latch_users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst();
        const needed = receiptsFor(changes, await repository.current(trx, userId)).map(({ purpose, decision }) => shown(purpose, locale, decision));
        await repository.insert(trx, toReceipts(userId, needed, source, context, at));
        return needed;
      });
      notify(event(userId, source, written, at));
      return list(userId, locale);
    },
    receipts: ({ userId, limit }) => repository.history(db, userId, limit),
    shown,
    async createUser(input, { decisions, context }) {
      const at = now();
      const user = await db.transaction().execute(async (trx) => {
        const created = await createUserRepository(trx).create(input);
        if (created) await repository.insert(trx, toReceipts(created.id, decisions, 'sign_up', context, at));
        return created;
      });
      if (user) notify(event(user.id, 'sign_up', decisions, at));
      return user;
    },
    async record({ userId, decisions, source, context }) {
      const at = now();
      await db.transaction().execute((trx) => repository.insert(trx, toReceipts(userId, decisions, source, context, at)));
      notify(event(userId, source, decisions, at));
    },
    close() {
      webhook?.close();
    },
  };
}
