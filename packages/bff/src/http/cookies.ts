import type { Request, Response } from 'express';

export const SESSION_COOKIE = '__Host-latch';
export const FLOW_COOKIE = '__Host-latch-flow';

/**
 * `__Host-` cookies: Secure, Path=/, no Domain, so no subdomain can set or
 * read them. Browsers accept Secure cookies from http://localhost, which is
 * what makes the demo work without TLS.
 */
export function setHostCookie(res: Response, name: string, value: string, options: { maxAgeSeconds?: number; sameSite: 'lax' | 'strict' }): void {
  res.cookie(name, value, {
    httpOnly: true,
    secure: true,
    sameSite: options.sameSite,
    path: '/',
    ...(options.maxAgeSeconds === undefined ? {} : { maxAge: options.maxAgeSeconds * 1000 }),
  });
}

export function clearHostCookie(res: Response, name: string): void {
  res.clearCookie(name, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
}

/** Reads one cookie without a parser dependency; malformed input yields `undefined`. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{16,128}$/u.test(value) ? value : undefined;
  }
  return undefined;
}
