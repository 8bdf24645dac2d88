import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network an address belongs to, coarsely: the IPv4 /24 or the IPv6 /48
 * (`203.0.113.0/24`, `2001:db8:1::/48`). Enough for a user to tell "home"
 * from "somewhere else" without a geolocation service, and no more than a
 * provider's routing prefix about where they are. Null for anything else.
 */
export function ipArea(address: string): string | null {
  const ip = address.trim().replace(/%.*$/u, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/iu.exec(ip)?.[1];
  if (mapped) return ipArea(mapped);
  if (isIPv4(ip)) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(ip)) return null;
  const groups = expandIPv6(ip).slice(0, 3).map((group) => group.replace(/^0+(?=.)/u, ''));
  while (groups.length > 0 && groups.at(-1) === '0') groups.pop();
  return `${groups.join(':')}::/48`;
}

function expandIPv6(ip: string): string[] {
  // An embedded IPv4 tail counts as two groups.
  const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/u.exec(ip)?.[1];
  let text = ip;
  if (tail) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${ip.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const zeros = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right];
}
