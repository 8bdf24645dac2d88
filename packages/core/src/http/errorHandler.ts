import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { LatchError } from '../errors.ts';
import { FlowValidationError } from '../flows/createFlowEngine.ts';
import { InvalidProfileError } from '../profile/InvalidProfileError.ts';

/** Maps body-parser's failures (they carry `type` and `status`) to stable codes. */
export function toLatchError(error: unknown): LatchError | undefined {
  if (error instanceof LatchError) return error;
  const parserType = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  switch (parserType) {
    case 'entity.parse.failed':
      return new LatchError({ status: 400, code: 'invalid_json', message: 'The request body is not valid JSON.' });
    case 'entity.too.large':
      return new LatchError({ status: 413, code: 'payload_too_large', message: 'The request body is too large.' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new LatchError({ status: 415, code: 'unsupported_encoding', message: 'The request body encoding is not supported.' });
    default:
      return clientErrorFromStatus(error);
  }
}

/**
 * Other 4xx errors raised by Express itself, such as a path parameter that is
 * not valid percent-encoding (`/flows/%ZZ`): the client's mistake, not a 500.
 */
function clientErrorFromStatus(error: unknown): LatchError | undefined {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return new LatchError({ status: 400, code: 'invalid_request', message: 'The request is malformed.' });
}

/** The last handler of the core's routes: every error leaves as `{ error: { code, message } }`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return function latchCoreErrorHandler(error, _req, res, next) {
    if (res.headersSent) return next(error);
    const known = toLatchError(error);
    // A 5xx is ours to fix, even when its message may be shown (its cause says what broke).
    if (!known || !known.expose || known.status >= 500) logger.error({ err: error }, 'unhandled error in core API');
    const status = known?.status ?? 500;
    const body = {
      error: {
        code: known?.code ?? 'internal_error',
        message: known?.expose ? known.message : 'Something went wrong on our side.',
        ...(error instanceof InvalidProfileError ? { fields: error.fields } : {}),
      },
      ...(error instanceof FlowValidationError ? { flow: error.flow } : {}),
    };
    res.status(status).set(known?.headers ?? {}).set('cache-control', 'no-store').json(body);
  };
}

export const notFound: RequestHandler = function latchCoreNotFound(_req, res) {
  res.status(404).set('cache-control', 'no-store').json({ error: { code: 'not_found', message: 'No such route.' } });
};
