import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLatchClient, CSRF_HEADER, isReauthenticationError, LatchApiError, type Flow, type Session } from '@latch/client';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

const activeFlow: Flow = {
  id: 'flow_abcdefghijklmnopqrstuvwx',
  type: 'sign-in',
  state: 'active',
  expiresAt: '2030-01-01T00:00:00.000Z',
  step: {
    name: 'identifier',
    fields: [{ name: 'email', type: 'email', autocomplete: 'username', constraints: { required: true }, messages: [] }],
    actions: [{ name: 'submit', kind: 'primary' }],
  },
  messages: [],
};
const completeFlow: Flow = { ...activeFlow, state: 'complete', step: null };
const signedIn: Session = { authenticated: true, user: { id: 'u1', email: 'ada@example.com', claims: {} }, expiresAt: '2030-01-01T00:00:00.000Z' };

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fetch that records each request and answers from `respond`. */
function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call: Call = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      credentials: init.credentials,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
    };
    calls.push(call);
    return respond(call);
  });
  return { calls, fetch: fetchFn as unknown as typeof fetch };
}

async function rejection(promise: Promise<unknown>): Promise<LatchApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LatchApiError);
  return error as LatchApiError;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createLatchClient requests', () => {
  it('reads the session with a same-origin GET that carries no CSRF header, and publishes it', async () => {
    const { calls, fetch } = fakeFetch(() => json(200, signedIn));
    const client = createLatchClient({ baseUrl: 'https://app.example/', fetch });
    const listener = vi.fn();
    client.session.subscribe(listener);

    await expect(client.getSession()).resolves.toEqual(signedIn);
    expect(calls).toEqual([
      { url: 'https://app.example/auth/session', method: 'GET', headers: { accept: 'application/json' }, credentials: 'same-origin', body: undefined },
    ]);
    expect(client.session.getSnapshot()).toEqual({ status: 'ready', session: signedIn });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('uses relative paths by default and the global fetch at call time', async () => {
    const { calls, fetch } = fakeFetch(() => json(201, activeFlow));
    const client = createLatchClient();
    vi.stubGlobal('fetch', fetch);
    await client.createFlow({ type: 'sign-in' });
    expect(calls[0]?.url).toBe('/auth/flows/sign-in');
  });

  it('creates a flow with a POST that carries the CSRF header and no body', async () => {
    const { calls, fetch } = fakeFetch(() => json(201, activeFlow));
    const client = createLatchClient({ fetch });
    await expect(client.createFlow({ type: 'sign-up' })).resolves.toEqual(activeFlow);
    expect(calls).toEqual([
      { url: '/auth/flows/sign-up', method: 'POST', headers: { accept: 'application/json', [CSRF_HEADER]: '1' }, credentials: 'same-origin', body: undefined },
    ]);
  });

  it('gets a flow by its id, encoded into the path', async () => {
    const { calls, fetch } = fakeFetch(() => json(200, activeFlow));
    const client = createLatchClient({ fetch });
    await client.getFlow({ id: 'flow_a/b?c' });
    expect(calls[0]).toMatchObject({ url: '/auth/flows/flow_a%2Fb%3Fc', method: 'GET' });
    expect(calls[0]?.headers).not.toHaveProperty(CSRF_HEADER);
  });

  it('submits a step as JSON with the CSRF header and resolves with the next state', async () => {
    const next: Flow = { ...activeFlow, step: { ...activeFlow.step!, name: 'password' } };
    const { calls, fetch } = fakeFetch(() => json(200, next));
    const client = createLatchClient({ fetch });
    const submission = { step: 'identifier', action: 'submit', values: { email: 'ada@example.com' } };
    await expect(client.submitFlow({ id: activeFlow.id, submission })).resolves.toEqual(next);
    expect(calls).toEqual([
      {
        url: `/auth/flows/${activeFlow.id}/submit`,
        method: 'POST',
        headers: { accept: 'application/json', [CSRF_HEADER]: '1', 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: submission,
      },
    ]);
  });

  it('reloads the session when a submission completes the flow', async () => {
    const { calls, fetch } = fakeFetch((call) => (call.url.endsWith('/submit') ? json(200, completeFlow) : json(200, signedIn)));
    const client = createLatchClient({ fetch });
    const listener = vi.fn();
    client.session.subscribe(listener);
    await expect(client.submitFlow({ id: activeFlow.id, submission: { step: 'password', action: 'submit', values: { password: 'pw' } } })).resolves.toEqual(completeFlow);
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([`POST /auth/flows/${activeFlow.id}/submit`, 'GET /auth/session']);
    expect(client.session.getSnapshot()).toEqual({ status: 'ready', session: signedIn });
    expect(listener).toHaveBeenCalled();
  });

  it('still resolves a completed submission when the session reload fails', async () => {
    const { fetch } = fakeFetch((call) => (call.url.endsWith('/submit') ? json(200, completeFlow) : json(503, { error: { code: 'unavailable', message: 'down' } })));
    const client = createLatchClient({ fetch });
    await expect(client.submitFlow({ id: activeFlow.id, submission: { step: 'password', action: 'submit', values: {} } })).resolves.toEqual(completeFlow);
    expect(client.session.getSnapshot().status).toBe('error');
  });

  it('signs out with a CSRF-protected POST and marks the session unauthenticated', async () => {
    const { calls, fetch } = fakeFetch((call) => (call.url === '/auth/logout' ? new Response(null, { status: 204 }) : json(200, signedIn)));
    const client = createLatchClient({ fetch });
    await client.getSession();
    const listener = vi.fn();
    client.session.subscribe(listener);

    await client.signOut();
    expect(calls[1]).toEqual({ url: '/auth/logout', method: 'POST', headers: { accept: 'application/json', [CSRF_HEADER]: '1' }, credentials: 'same-origin', body: undefined });
    expect(client.session.getSnapshot()).toEqual({ status: 'ready', session: { authenticated: false } });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps the session when signing out fails', async () => {
    const { fetch } = fakeFetch((call) => (call.url === '/auth/logout' ? json(403, { error: { code: 'csrf_failed', message: 'no' } }) : json(200, signedIn)));
    const client = createLatchClient({ fetch });
    await client.getSession();
    expect(await rejection(client.signOut())).toMatchObject({ status: 403, code: 'csrf_failed' });
    expect(client.session.getSnapshot()).toEqual({ status: 'ready', session: signedIn });
  });
});

describe('createLatchClient errors', () => {
  it('rejects a refused submission (422) with a LatchApiError that carries the flow and its messages', async () => {
    const refused: Flow = {
      ...activeFlow,
      step: {
        ...activeFlow.step!,
        fields: [{ ...activeFlow.step!.fields[0]!, messages: [{ code: 'invalid_email', severity: 'error', text: 'Enter a valid email address.' }] }],
      },
    };
    const { fetch } = fakeFetch(() => json(422, { error: { code: 'invalid_email', message: 'Enter a valid email address.' }, flow: refused }));
    const client = createLatchClient({ fetch });
    const error = await rejection(client.submitFlow({ id: activeFlow.id, submission: { step: 'identifier', action: 'submit', values: { email: 'x' } } }));
    expect(error).toMatchObject({ name: 'LatchApiError', status: 422, code: 'invalid_email', message: 'Enter a valid email address.', flow: refused });
  });

  it.each([
    [404, 'flow_not_found'],
    [409, 'step_mismatch'],
    [410, 'flow_expired'],
    [429, 'rate_limited'],
  ])('passes the stable code of a %i through, without a flow', async (status, code) => {
    const { fetch } = fakeFetch(() => json(status, { error: { code, message: `the ${code} message` } }));
    const error = await rejection(createLatchClient({ fetch }).getFlow({ id: 'flow_x' }));
    expect(error).toMatchObject({ status, code, message: `the ${code} message`, flow: undefined });
  });

  it('surfaces Retry-After (delay-seconds) of a 429 as retryAfter, and ignores other forms', async () => {
    let header = '900';
    const { fetch } = fakeFetch(
      () => new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests.' } }), { status: 429, headers: { 'content-type': 'application/json', 'retry-after': header } }),
    );
    const client = createLatchClient({ fetch });
    expect(await rejection(client.getFlow({ id: 'flow_x' }))).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 900 });
    header = 'Wed, 21 Oct 2015 07:28:00 GMT';
    expect((await rejection(client.getFlow({ id: 'flow_x' }))).retryAfter).toBeUndefined();
  });

  it('starts a re-authentication with ?reauth=1 and surfaces step-up codes with maxAge', async () => {
    const { calls, fetch } = fakeFetch((call) =>
      call.url.includes('reauth') ? json(201, activeFlow) : json(401, { error: { code: 'reauthentication_required', message: 'Confirm it is you.', maxAge: 600 } }),
    );
    const client = createLatchClient({ fetch });
    await client.createFlow({ type: 'sign-in', reauthenticate: true });
    expect(calls[0]?.url).toBe('/auth/flows/sign-in?reauth=1');
    const error = await rejection(client.removeTotp());
    expect(error).toMatchObject({ status: 401, code: 'reauthentication_required', maxAge: 600 });
    expect(isReauthenticationError(error)).toBe(true);
    expect(isReauthenticationError(new LatchApiError({ status: 403, code: 'mfa_not_enrolled', message: '' }))).toBe(false);
    expect(isReauthenticationError(new LatchApiError({ status: 401, code: 'mfa_required', message: '' }))).toBe(true);
  });

  it('turns a network failure into code network_error, status 0', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await rejection(createLatchClient({ fetch }).createFlow({ type: 'sign-in' }));
    expect(error).toMatchObject({ status: 0, code: 'network_error', message: 'Failed to fetch' });
  });

  it('turns a non-JSON error body into code unexpected_response with the status', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = await rejection(createLatchClient({ fetch }).getFlow({ id: 'flow_x' }));
    expect(error).toMatchObject({ status: 502, code: 'unexpected_response', message: 'The server answered 502.' });
  });

  it.each([
    ['an error without a code', { error: 'nope' }],
    ['a bare array', [1, 2]],
    ['null', null],
  ])('treats JSON in another shape (%s) as unexpected_response', async (_name, body) => {
    const { fetch } = fakeFetch(() => json(500, body));
    expect(await rejection(createLatchClient({ fetch }).getFlow({ id: 'flow_x' }))).toMatchObject({ status: 500, code: 'unexpected_response' });
  });

  it('rejects a successful answer that is not JSON instead of resolving with undefined', async () => {
    const { fetch } = fakeFetch(() => new Response('<!doctype html><title>App</title>', { status: 200, headers: { 'content-type': 'text/html' } }));
    expect(await rejection(createLatchClient({ fetch }).getFlow({ id: 'flow_x' }))).toMatchObject({ status: 200, code: 'unexpected_response' });
  });

  it('puts a failed session load into the store as an error', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('offline');
    });
    const client = createLatchClient({ fetch });
    expect(await rejection(client.getSession())).toMatchObject({ code: 'network_error' });
    const snapshot = client.session.getSnapshot();
    expect(snapshot.status).toBe('error');
    expect(snapshot.status === 'error' && snapshot.error).toBeInstanceOf(LatchApiError);
  });

  it('shares one session request between concurrent callers', async () => {
    let answer!: (response: Response) => void;
    const { calls, fetch } = fakeFetch(() => new Promise<Response>((resolve) => (answer = resolve)));
    const client = createLatchClient({ fetch });
    const both = Promise.all([client.getSession(), client.session.refresh()]);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    answer(json(200, signedIn));
    await expect(both).resolves.toEqual([signedIn, signedIn]);
    expect(calls).toHaveLength(1);
  });
});
