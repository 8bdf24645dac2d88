import express, { Router } from 'express';
import { z } from 'zod';
import { InvalidRequestError, LatchError } from '../errors.ts';
import { END_USER_AGENT_HEADER, END_USER_IP_HEADER } from '../http/flowRoutes.ts';
import { EMAIL_MAX_LENGTH } from '../users/email.ts';
import { AUDIT_EVENT_TYPE_PATTERN, AUDIT_LIST_MAX_LIMIT, type AuditLog } from './createAuditLog.ts';

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
    const query = parse(listQuery, req.query, 'query');
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
    const body = parse(reportBody, req.body, 'body');
    await audit.record({
      type: body.type,
      userId: body.userId,
      clientId: typeof res.locals.clientId === 'string' ? res.locals.clientId : undefined,
      ip: (req.get(END_USER_IP_HEADER) ?? req.ip ?? '').slice(0, 64) || undefined,
      userAgent: req.get(END_USER_AGENT_HEADER) ?? req.get('user-agent'),
    });
    res.status(204).end();
  });

  return router;
}

function requireJson(req: express.Request, _res: express.Response, next: express.NextFunction): void {
  if (!req.is('application/json')) {
    next(new LatchError({ status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' }));
    return;
  }
  next();
}

function parse<T>(schema: z.ZodType<T, unknown>, input: unknown, where: 'query' | 'body'): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
    throw new InvalidRequestError(`Invalid request ${where}${at}: ${issue?.message ?? 'malformed'}.`);
  }
  return result.data;
}
