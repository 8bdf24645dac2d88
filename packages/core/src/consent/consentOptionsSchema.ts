import { z } from 'zod';

/** A locale tag such as `en`, `de`, `pt-BR`. */
const localeTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u, 'must be a locale tag such as "en" or "pt-BR"');

const purposeText = z.strictObject({
  /** The checkbox's label, e.g. "Terms of service". */
  title: z.string().trim().min(1).max(200),
  /** What the user agrees to, shown under the title (plain text). */
  text: z.string().trim().min(1).max(4000),
});

/**
 * One thing a user can consent to. Raise `version` whenever the text changes
 * in substance: a required purpose at a higher version than the user last
 * granted is asked for again at the next sign-in.
 */
export const consentPurposeSchema = z.strictObject({
  /** Stable id, e.g. `terms`, `marketing_email`; used in receipts, field names and the API. */
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/u, 'must be lower-case letters, digits, "_" or "-", starting with a letter (at most 64)'),
  /** Positive integer; raise it when the text changes. */
  version: z.number().int().positive(),
  /** `required`: no account without it (sign-up refuses, sign-in asks again at a new version). `optional`: never pre-ticked, withdrawable any time. */
  kind: z.enum(['required', 'optional']),
  /** Title and text per locale; `en` is required and is the fallback. */
  locales: z.record(localeTag, purposeText).refine((locales) => Object.hasOwn(locales, 'en'), 'must include "en"'),
  /** The full document (terms, policy), linked next to the title. */
  policyUrl: z.url({ protocol: /^https?$/u }).optional(),
});

/**
 * Where consent changes are POSTed. The body is JSON signed with
 * HMAC-SHA256 under `secret`: header `latch-signature: t=<unix seconds>,v1=<hex>`
 * over `<t>.<raw body>` (see the core README for how to verify it).
 */
export const consentWebhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/u }),
  /** At least 32 characters; share it only with the receiver. */
  secret: z.string().min(32, 'must be at least 32 characters'),
  /** Attempts per event, the first included (default 4). */
  maxAttempts: z.number().int().min(1).max(10).default(4),
  /** Delay before the first retry; doubled for each further one (default 1000 ms). */
  initialDelayMs: z.number().int().min(10).max(60_000).default(1000),
  /** Per-attempt timeout (default 5000 ms). */
  timeoutMs: z.number().int().min(100).max(30_000).default(5000),
});

/** `consent` option of `createCore()`: the purposes users consent to, and an optional webhook. */
export const consentOptionsSchema = z
  .strictObject({
    purposes: z.array(consentPurposeSchema).max(50).default([]),
    webhook: consentWebhookSchema.optional(),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    for (const [index, purpose] of value.purposes.entries()) {
      if (seen.has(purpose.id)) ctx.addIssue({ code: 'custom', path: ['purposes', index, 'id'], message: `duplicate purpose id "${purpose.id}"` });
      seen.add(purpose.id);
    }
  })
  .default({ purposes: [] });

export type ConsentOptions = z.input<typeof consentOptionsSchema>;
export type ResolvedConsentOptions = z.output<typeof consentOptionsSchema>;
export type ConsentPurpose = z.output<typeof consentPurposeSchema>;
export type ConsentWebhookOptions = z.output<typeof consentWebhookSchema>;
