import type express from 'express';
import { z } from 'zod';
import { InvalidRequestError, LatchError } from '../errors.ts';
import type { RequestContext } from '../flows/flowTypes.ts';

/** Set by the BFF: the end user's address and agent, which the core cannot see itself. */
export const END_USER_IP_HEADER = 'x-latch-end-user-ip';
export const END_USER_AGENT_HEADER = 'x-latch-end-user-agent';

export function endUser(req: express.Request): RequestContext {
  return {
    ip: (req.get(END_USER_IP_HEADER) ?? req.ip ?? 'unknown').slice(0, 64),
    userAgent: (req.get(END_USER_AGENT_HEADER) ?? req.get('user-agent') ?? '').slice(0, 512),
  };
}

export function requireJson(req: express.Request, _res: express.Response, next: express.NextFunction): void {
  if (!req.is('application/json')) {
    next(new LatchError({ status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' }));
    return;
  }
  next();
}

/** No body at all, or a JSON one. */
export function optionalJson(req: express.Request, res: express.Response, next: express.NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody) return next();
  requireJson(req, res, next);
}

/** Validates a body or query; the first problem becomes a 400 `invalid_request` naming where it is. */
export function parseInput<T>(schema: z.ZodType<T, unknown>, input: unknown, where: 'query' | 'body' = 'body'): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
    throw new InvalidRequestError(`Invalid request ${where}${at}: ${issue?.message ?? 'malformed'}.`);
  }
  return result.data;
}

const userIdParam = z.string().min(1).max(128);

/** A user id from the path of the account API; anything malformed is a user that does not exist. */
export function parseUserId(value: unknown): string {
  const result = userIdParam.safeParse(value);
  if (!result.success) throw new LatchError({ status: 404, code: 'user_not_found', message: 'There is no such user.' });
  return result.data;
}
