/** What the list of sessions shows about the browser a session signed in with. */
export interface DeviceDescription {
  /** `Chrome 131`, `Firefox 133`, `Safari 18`, … or null when not recognised. */
  browser: string | null;
  /** `Windows`, `macOS`, `iOS`, `iPadOS`, `Android`, `ChromeOS`, `Linux`, or null. */
  os: string | null;
  device: 'desktop' | 'mobile' | 'tablet' | 'unknown';
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/u, 'Edge'],
  [/\b(?:OPR|Opera)\/(\d+)/u, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/u, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\/(\d+)/u, 'Firefox'],
  [/\b(?:HeadlessChrome|Chrome|CriOS|Chromium)\/(\d+)/u, 'Chrome'],
  [/\bVersion\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari\//u, 'Safari'],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/\bWindows NT\b/u, 'Windows'],
  [/\biPad\b/u, 'iPadOS'],
  [/\b(?:iPhone|iPod)\b/u, 'iOS'],
  [/\bAndroid\b/u, 'Android'],
  [/\bCrOS\b/u, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/u, 'macOS'],
  [/\bLinux\b/u, 'Linux'],
];

/**
 * A small User-Agent reader for the list of sessions: browser family and
 * major version, operating system, and the kind of device. Deliberately
 * coarse (no device models, no dependency): it labels sessions for their
 * owner, it is not a fingerprint.
 */
export function describeUserAgent(userAgent: string): DeviceDescription {
  const ua = userAgent.slice(0, 512);
  let browser: string | null = null;
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  const os = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  let device: DeviceDescription['device'] = 'unknown';
  if (/\biPad\b|\bTablet\b/u.test(ua) || (os === 'Android' && !/\bMobile\b/u.test(ua))) device = 'tablet';
  else if (/\bMobi|\biPhone\b|\biPod\b/u.test(ua)) device = 'mobile';
  else if (os !== null) device = 'desktop';
  return { browser, os, device };
}
