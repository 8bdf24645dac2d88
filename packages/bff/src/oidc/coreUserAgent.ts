/**
 * The BFF plays the user agent towards the core: it follows the core's OIDC
 * redirects server-side and keeps the core's cookies (interaction, login
 * session) in a jar stored with the flow or session. The browser only ever
 * sees the BFF's own cookie.
 */
export type CookieJar = Record<string, string>;

export interface CoreResponse {
  status: number;
  location: URL | undefined;
  body: string;
}

export async function requestAsUserAgent(
  url: URL,
  jar: CookieJar,
  init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {},
): Promise<CoreResponse> {
  const headers: Record<string, string> = { accept: 'text/html,application/json' };
  const cookie = Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  if (cookie) headers.cookie = cookie;
  if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    redirect: 'manual',
    ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
  });
  storeSetCookies(jar, response.headers.getSetCookie());
  const location = response.headers.get('location');
  return { status: response.status, location: location ? new URL(location, url) : undefined, body: await response.text() };
}

/** Applies `Set-Cookie` lines to the jar; an expired or emptied cookie is removed. */
export function storeSetCookies(jar: CookieJar, lines: readonly string[]): void {
  for (const line of lines) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((attribute) => {
      const [key = '', raw = ''] = attribute.split('=');
      const k = key.trim().toLowerCase();
      return (k === 'max-age' && Number(raw) <= 0) || (k === 'expires' && Date.parse(raw) <= Date.now());
    });
    // The jar is a plain record so it serialises into the session row as JSON.
    if (expired || value === '') Reflect.deleteProperty(jar, name);
    else jar[name] = value;
  }
}
