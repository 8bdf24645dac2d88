/**
 * The BFF's own error codes a browser can meet while it runs a flow (on top
 * of the core's `FLOW_ERROR_CODES`, which the BFF passes through). The
 * elements translate each as `message.<code>`.
 */
export const FLOW_ROUTE_ERROR_CODES: readonly string[] = [
  'csrf_header_missing',
  'csrf_origin_mismatch',
  'unknown_flow_type',
  'invalid_request',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'unsupported_encoding',
  'flow_not_found',
  'core_unavailable',
  'authorization_failed',
  'reauthentication_account_mismatch',
  'unauthenticated',
];
