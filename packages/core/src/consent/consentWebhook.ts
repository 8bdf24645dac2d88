import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ConsentWebhookOptions } from './consentOptionsSchema.ts';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const CONSENT_SIGNATURE_HEADER = 'latch-signature';
/** Header carrying the delivery's id, the same on every retry (deduplicate on it). */
export const CONSENT_DELIVERY_HEADER = 'latch-delivery';

/** The signature header's value for `body` sent at `timestamp` (unix seconds). */
export function signConsentWebhook(options: { secret: string; body: string; timestamp: number }): string {
  const mac = createHmac('sha256', options.secret).update(`${options.timestamp}.${options.body}`, 'utf8').digest('hex');
  return `t=${options.timestamp},v1=${mac}`;
}

export interface ConsentWebhookSender {
  /** Queues `payload` for delivery and returns at once; retries happen in the background. */
  send(payload: unknown): void;
  /** Stops pending retries (at `core.close()`). */
  close(): void;
}

/**
 * POSTs each payload as JSON, signed, until the receiver answers 2xx or the
 * attempts run out (`initialDelayMs`, doubled per retry). Never awaited by a
 * request: a slow or dead receiver cannot slow sign-up or the account API.
 * Each attempt is signed anew so its timestamp is fresh.
 */
export function createConsentWebhookSender(options: ConsentWebhookOptions & { logger: Logger }): ConsentWebhookSender {
  const { logger } = options;
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  async function attempt(deliveryId: string, body: string, number: number): Promise<void> {
    if (closed) return;
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number | undefined;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CONSENT_SIGNATURE_HEADER]: signConsentWebhook({ secret: options.secret, body, timestamp }),
          [CONSENT_DELIVERY_HEADER]: deliveryId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
      if (response.ok) return;
    } catch (error) {
      logger.debug({ err: error, deliveryId }, 'consent webhook attempt failed');
    }
    if (number >= options.maxAttempts || closed) {
      // The URL may carry a token in its query: log the host only.
      logger.warn({ deliveryId, status, attempts: number, host: new URL(options.url).host }, 'consent webhook delivery gave up');
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      void attempt(deliveryId, body, number + 1);
    }, options.initialDelayMs * 2 ** (number - 1));
    timer.unref();
    timers.add(timer);
  }

  return {
    send(payload) {
      if (closed) return;
      void attempt(randomUUID(), JSON.stringify(payload), 1);
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
