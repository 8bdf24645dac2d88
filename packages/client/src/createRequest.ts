import type { ErrorBody } from './flow.ts';
import { LatchApiError } from './LatchApiError.ts';

/** The header every state-changing BFF request carries (CSRF defence). */
export const CSRF_HEADER = 'x-latch-csrf';

export interface LatchClientOptions {
  /** Where the BFF's `/auth` routes live; defaults to the page's origin. */
  baseUrl?: string;
  /** Injected for tests and server rendering; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

export type LatchRequestMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** One JSON call to the BFF; rejects with a `LatchApiError`. `expectBody: false` for answers without one (204). */
export type LatchRequest = <T>(method: LatchRequestMethod, path: string, body?: unknown, expectBody?: boolean) => Promise<T>;

/** The transport both clients share: same-origin cookies, the CSRF header, errors mapped to `LatchApiError`. */
export function createRequest(options: LatchClientOptions = {}): LatchRequest {
  const base = (options.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  /** `expectBody: false` for answers without one (204); otherwise a 2xx must carry JSON. */
  async function request<T>(method: LatchRequestMethod, path: string, body?: unknown, expectBody = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') headers[CSRF_HEADER] = '1';
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new LatchApiError({ status: 0, code: 'network_error', message: errorMessage(cause) });
    }
    const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    if (!response.ok) throw toApiError(response.status, payload, response.headers.get('retry-after'));
    // A 2xx that is not JSON (an HTML page from a proxy or a misrouted path)
    // must fail here, not as a TypeError deep inside a component.
    if (expectBody && (typeof payload !== 'object' || payload === null)) {
      throw new LatchApiError({ status: response.status, code: 'unexpected_response', message: `The server answered ${response.status} without a JSON body.` });
    }
    return payload as T;
  }

  return request;
}

function toApiError(status: number, payload: unknown, retryAfterHeader: string | null = null): LatchApiError {
  const body = isErrorBody(payload) ? payload : undefined;
  // Delay-seconds only (what the BFF sends); an HTTP-date is ignored rather than guessed at.
  const retryAfter = retryAfterHeader && /^\d{1,7}$/u.test(retryAfterHeader.trim()) ? Number(retryAfterHeader.trim()) : undefined;
  return new LatchApiError({
    status,
    code: body?.error.code ?? 'unexpected_response',
    message: body?.error.message ?? `The server answered ${status}.`,
    ...(body?.flow ? { flow: body.flow } : {}),
    ...(typeof body?.error.maxAge === 'number' ? { maxAge: body.error.maxAge } : {}),
    ...(body?.error.fields && typeof body.error.fields === 'object' ? { fields: body.error.fields } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  });
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

function errorMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : 'The network request failed.';
}
