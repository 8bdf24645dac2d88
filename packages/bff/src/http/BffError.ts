/** An HTTP error with a stable code; the body is `{ error: { code, message } }`. */
export class BffError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  /** A body received from the core, passed through as is (flow errors carry the flow). */
  readonly body: unknown;

  constructor(options: { status: number; code: string; message: string; headers?: Record<string, string>; body?: unknown; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BffError';
    this.status = options.status;
    this.code = options.code;
    this.headers = options.headers ?? {};
    this.body = options.body;
  }
}
