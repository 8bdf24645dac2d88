import express, { Router } from 'express';
import { z } from 'zod';
import { EMAIL_MAX_LENGTH } from '../users/email.ts';
import { AUDIT_EVENT_TYPE_PATTERN, AUDIT_LIST_MAX_LIMIT, type AuditLog } from './createAuditLog.ts';
import { endUser, parseInput, requireJson } from '../http/requestHelpers.ts';

const eventType = z.string().max(64).regex(AUDIT_EVENT_TYPE_PATTERN);
const isoTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** `?type=a&type=b` and `?type=a,b` both mean either type. */
const listQuery = z.strictObject({
  userId: z.string().min(1).max(128).optional(),
  identifier: z.string().min(1).max(EMAIL_MAX_LENGTH).optional(),
  type: z
    .union([z.string(), z.array(z.string()).max(20)])
    .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).filter(Boolean))
    .pipe(z.array(eventType).max(20))
    .optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/u, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(AUDIT_LIST_MAX_LIMIT))
    .optional(),
  before: z.string().min(1).max(64).optional(),
});

/** Only events the core cannot see itself may be reported; today that is the relying party's sign-out. */
const reportBody = z.strictObject({
  type: z.literal('sign_out'),
  userId: z.string().min(1).max(128),
});

/**
 * The audit trail on the back channel, for relying parties and
 * administrators (never for browsers: a BFF that shows users their own
 * activity must filter by the signed-in user's id itself):
 *   GET  /audit-events?userId=&identifier=&type=&since=&until=&limit=&before=  → { events, next? }
 *   POST /audit-events   { type: 'sign_out', userId }  → 204
 * Client authentication is applied by the router this is mounted in.
 */
export function auditRoutes(options: { audit: AuditLog }): Router {
  const { audit } = options;
  const router = Router();

  router.get('/audit-events', async function listAuditEvents(req, res) {
    const query = parseInput(listQuery, req.query, 'query');
    const page = await audit.list({
      userId: query.userId,
      identifier: query.identifier,
      types: query.type,
      since: query.since,
      until: query.until,
      limit: query.limit,
      before: query.before,
    });
    res.json(page);
  });

  router.post('/audit-events', requireJson, express.json({ limit: '2kb', strict: true }), async function reportAuditEvent(req, res) {
    const body = parseInput(reportBody, req.body, 'body');
    await audit.record({
      type: body.type,
      userId: body.userId,
      clientId: typeof res.locals.clientId === 'string' ? res.locals.clientId : undefined,
      ...auditContext(req),
    });
    res.status(204).end();
  });

  return router;
}

function auditContext(req: express.Request): { ip: string | undefined; userAgent: string } {
  const { ip, userAgent } = endUser(req);
  return { ip: ip === 'unknown' ? undefined : ip, userAgent };
}
