import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { UnauthorizedClientError } from '../errors.ts';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * HTTP Basic client authentication (RFC 6749 §2.3.1 encoding) for the core's
 * back-channel API: only a registered relying party — the BFF — may drive flows.
 */
export function authenticateClient(clients: readonly ClientCredentials[]): RequestHandler {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const known = new Map(clients.map((client) => [client.clientId, digest(client.clientSecret)]));

  return function latchAuthenticateClient(req, res, next) {
    const header = req.get('authorization') ?? '';
    // The auth scheme is case-insensitive (RFC 9110 §11.1).
    const encoded = /^Basic ([A-Za-z0-9+/=]+)$/iu.exec(header)?.[1];
    const decoded = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const clientId = colon > 0 ? safeDecode(decoded.slice(0, colon)) : undefined;
    const secret = colon > 0 ? safeDecode(decoded.slice(colon + 1)) : undefined;
    const expected = clientId === undefined ? undefined : known.get(clientId);
    if (!expected || secret === undefined || !timingSafeEqual(expected, digest(secret))) {
      next(new UnauthorizedClientError());
      return;
    }
    res.locals.clientId = clientId;
    next();
  };
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/gu, '%20'));
  } catch {
    return undefined;
  }
}
