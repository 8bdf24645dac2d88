/**
 * Typed errors with stable codes, after node-oidc-provider's `errors.js`.
 * `expose` says whether `message` may reach the caller; when it may not, the
 * HTTP edge answers with a generic message and logs the original.
 */
export class LatchError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;
  readonly headers: Record<string, string>;

  constructor(options: { status: number; code: string; message: string; expose?: boolean; headers?: Record<string, string>; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status;
    this.code = options.code;
    this.expose = options.expose ?? options.status < 500;
    this.headers = options.headers ?? {};
  }
}

export class InvalidRequestError extends LatchError {
  constructor(message: string, code = 'invalid_request') {
    super({ status: 400, code, message });
  }
}

export class FlowNotFoundError extends LatchError {
  constructor() {
    super({ status: 404, code: 'flow_not_found', message: 'There is no such flow.' });
  }
}

export class FlowExpiredError extends LatchError {
  constructor() {
    super({ status: 410, code: 'flow_expired', message: 'This flow has expired; start a new one.' });
  }
}

export class StepMismatchError extends LatchError {
  constructor(expected: string) {
    super({ status: 409, code: 'step_mismatch', message: `The flow is at step "${expected}"; reload it and answer that step.` });
  }
}

export class FlowCompletedError extends LatchError {
  constructor() {
    super({ status: 409, code: 'flow_completed', message: 'This flow is already complete.' });
  }
}

export class RateLimitedError extends LatchError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super({
      status: 429,
      code: 'rate_limited',
      message: `Too many attempts. Try again in ${retryAfterSeconds} seconds.`,
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class UnauthorizedClientError extends LatchError {
  constructor() {
    super({ status: 401, code: 'invalid_client', message: 'Client authentication failed.', headers: { 'www-authenticate': 'Basic realm="latch-core"' } });
  }
}

export class InteractionNotFoundError extends LatchError {
  constructor() {
    super({ status: 400, code: 'interaction_not_found', message: 'The OIDC interaction does not exist or has expired.' });
  }
}
