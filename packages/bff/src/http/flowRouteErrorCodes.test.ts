import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FLOW_ROUTE_ERROR_CODES } from './flowRouteErrorCodes.ts';

// The list is what the elements' locale tables are checked against, so it
// must not fall behind the code: every error the flow path can throw is on it.
const FLOW_PATH = ['../routes/flowRoutes.ts', './csrfProtection.ts', './errorHandler.ts', './createCoreApi.ts', '../oidc/createRelyingParty.ts', '../requireSession.ts'];

describe('FLOW_ROUTE_ERROR_CODES', () => {
  it('names every error code the flow routes and their middleware can answer with', async () => {
    const thrown = new Set<string>();
    for (const file of FLOW_PATH) {
      const source = await readFile(new URL(file, import.meta.url), 'utf8');
      for (const [, code = ''] of source.matchAll(/code: '([a-z_]+)'/gu)) thrown.add(code);
    }
    expect(thrown.size).toBeGreaterThan(5);
    // Redirect-only errors of the OIDC callback never reach a flow element.
    const pageOnly = new Set(['unexpected_callback', 'refresh_timeout', 'invalid_token', 'session_not_found', 'not_found']);
    expect([...thrown].filter((code) => !pageOnly.has(code) && !FLOW_ROUTE_ERROR_CODES.includes(code))).toEqual([]);
  });
});
