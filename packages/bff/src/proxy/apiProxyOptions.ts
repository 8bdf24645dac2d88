import { z } from 'zod';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * `createBff({ apiProxy })`: the product's own APIs the browser reaches
 * through the BFF, each under a path prefix of the app, with the session's
 * access token attached. Checked at creation: every target's host must be in
 * `allowedHosts`, and plain `http:` is refused for anything but loopback
 * unless `allowInsecureHttp` says otherwise.
 */
export const apiProxyOptionsSchema = z
  .strictObject({
    /** Routes, matched by path prefix (`/api/orders` matches `/api/orders` and `/api/orders/…`), first match wins. */
    routes: z
      .array(
        z.strictObject({
          /** A path on the app, e.g. `/api/orders`; no trailing slash. */
          prefix: z.string().regex(/^(\/[A-Za-z0-9._~-]+)+$/u, 'must be a path such as "/api/orders" (no trailing slash)'),
          /** The upstream base URL, e.g. `http://127.0.0.1:4000` or `https://orders.internal/v1`; the request path is appended. */
          target: z.url({ protocol: /^https?$/u }),
          /** Remove the prefix before appending the path (`/api/orders/7` → `<target>/7`). */
          stripPrefix: z.boolean().default(false),
          /**
           * Longest wait for the upstream's response headers, counted from the
           * moment the whole request (body included) has been handed to it:
           * 504 `upstream_timeout`. The response body is not covered (it
           * streams; see `idleTimeoutMs`), nor is a slow browser's upload.
           */
          timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
          /**
           * Longest either body may stand still while it streams: no chunk
           * from the browser (408 `request_timeout`) or none accepted by the
           * upstream (504 `upstream_timeout`) during the upload; no chunk
           * moving during the download, which is then aborted. No limit on
           * the total duration, so downloads and event streams run as long
           * as they move. At most 5 minutes: past that, `fetch`'s own
           * body timeout would cut in first.
           */
          idleTimeoutMs: z.number().int().min(100).max(300_000).default(60_000),
        }),
      )
      .min(1),
    /** Hosts (`hostname` or `hostname:port`, as in the target URL) the proxy may reach; a target elsewhere fails `createBff()`. */
    allowedHosts: z.array(z.string().min(1).max(300)).min(1),
    /** Allow `http:` targets that are not loopback (a private network you trust). Off: bearer tokens only travel over TLS. */
    allowInsecureHttp: z.boolean().default(false),
    /** Largest request body forwarded, in bytes, counted as it streams (with or without `Content-Length`): 413 `payload_too_large` beyond it. */
    bodyLimitBytes: z.number().int().min(0).max(50 * 1024 * 1024).default(1024 * 1024),
    /** Request headers forwarded besides the defaults (content negotiation, conditional requests, `x-request-id`); never `cookie`, `authorization` or hop-by-hop ones. */
    forwardHeaders: z.array(z.string().regex(/^[a-z0-9-]{1,64}$/u, 'must be a lower-case header name')).default([]),
  })
  .superRefine((options, ctx) => {
    const allowed = new Set(options.allowedHosts.map((host) => host.toLowerCase()));
    options.routes.forEach((route, index) => {
      const target = new URL(route.target);
      if (target.search || target.hash || target.username || target.password) {
        ctx.addIssue({ code: 'custom', path: ['routes', index, 'target'], message: 'must be a base URL without query, fragment or credentials' });
      }
      if (!allowed.has(target.host.toLowerCase()) && !allowed.has(target.hostname.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: ['routes', index, 'target'], message: `host "${target.host}" is not in apiProxy.allowedHosts` });
      }
      if (target.protocol === 'http:' && !LOOPBACK_HOSTS.has(target.hostname) && !options.allowInsecureHttp) {
        ctx.addIssue({ code: 'custom', path: ['routes', index, 'target'], message: 'plain http is allowed only for loopback; use https, or set apiProxy.allowInsecureHttp' });
      }
    });
  });

export type ApiProxyOptions = z.output<typeof apiProxyOptionsSchema>;
