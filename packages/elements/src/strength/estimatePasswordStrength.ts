/**
 * A small, synchronous password-strength estimate for the sign-up meter. It
 * is advice, not policy: the server decides what it accepts (length, its
 * 200,000-entry blocklist). About 2 kB gzipped, so it ships with the
 * elements instead of zxcvbn-ts (hundreds of kB of dictionaries).
 *
 * The estimate is a sum of guessing costs in bits, zxcvbn-style but much
 * cruder: each character costs log2 of the size of the character classes the
 * password uses, except characters that continue a run (`aaaa`), a sequence
 * (`abcd`, `4321`) or a keyboard row (`qwer`, `asdf`), which cost about a bit,
 * and common-password words (`password`, `iloveyou`, also in l33t), which
 * cost about log2 of their rank. A password that is a repeated unit
 * (`abcabcabc`) costs its unit plus the repetition.
 */

export type PasswordStrengthLevel = 'empty' | 'weak' | 'fair' | 'strong' | 'very-strong';

export interface PasswordStrength {
  /** 0 when nothing is typed, then 1 (weak) to 4 (very strong). */
  score: 0 | 1 | 2 | 3 | 4;
  level: PasswordStrengthLevel;
  /** The estimated guessing cost, log2 of the guesses. */
  bits: number;
}

export interface EstimateOptions {
  /** The server's minimum (the field's `minLength`); anything shorter is weak whatever it is made of. */
  minLength?: number;
  /** Words the user is likely to reuse, e.g. the email address; they cost little. */
  userInputs?: readonly string[];
}

const LEVELS = ['empty', 'weak', 'fair', 'strong', 'very-strong'] as const;
/** Lower bounds in bits of fair, strong and very strong. */
const THRESHOLDS = [40, 60, 80] as const;

// The 200 most frequent alphabetic entries of 4+ letters in @zxcvbn-ts/language-common's
// passwords.json (slurs and obscenities left out), then a few generic ones; rank order.
const COMMON_WORDS = `
  password qwerty dragon baseball football monkey letmein shadow master michael mustang qwertyuiop superman jordan
  qazwsx jennifer killer hunter harley zxcvbnm asdfgh buster andrew batman soccer tigger charlie robert sunshine
  thomas iloveyou ranger daniel hockey george computer michelle jessica starwars pepper zxcvbn freedom princess
  joshua maggie ginger amanda ashley love cheese nicole summer matthew chelsea dallas matrix william yankees taylor
  corvette austin access martin heather thunder merlin secret diamond hello anthony hammer silver justin patrick
  richard bailey internet samantha golfer scooter test orange cookie maverick jackson sparky mickey phoenix bigdog
  snoopy guitar whatever chicken morgan andrea camaro mercedes peanut ferrari cowboy falcon welcome samsung steelers
  joseph smokey dakota melissa arsenal boomer eagles tigers marina nascar booboo gateway porsche yellow monster
  spider diablo hannah bulldog junior london purple compaq lakers iceman cowboys money banana boston brandon tennis
  johnny miller coffee scooby edward nikita mother yamaha brandy barney chester oliver charles player knight forever
  steven rangers midnight chicago bigdaddy redsox victoria badboy angel please fender chris jasper james slayer
  rabbit natasha rachel marine wizard marlboro raiders prince casper fishing flower crystal jasmine adidas winner
  winter gandalf enter angela mike golden lauren cocacola winston madison angels spanky shannon sophie johnson
  asdfasdf david toyota tiger
  admin login pass changeme trustno qwertz azerty
`
  .trim()
  .split(/\s+/u);
const COMMON_RANK = new Map(COMMON_WORDS.map((word, index) => [word, index + 1]));
const LONGEST_WORD = Math.max(...COMMON_WORDS.map((word) => word.length));

const ROWS = ['`1234567890-=', 'qwertyuiop[]\\', "asdfghjkl;'", 'zxcvbnm,./', 'abcdefghijklmnopqrstuvwxyz'];
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l' };

export function estimatePasswordStrength(password: string, options: EstimateOptions = {}): PasswordStrength {
  const chars = [...password.normalize('NFKC')];
  if (chars.length === 0) return { score: 0, level: 'empty', bits: 0 };
  const bits = Math.round(repeatedUnitBits(chars, options) * 10) / 10;
  let score: 1 | 2 | 3 | 4 = 1;
  if (chars.length >= (options.minLength ?? 0)) {
    score = bits >= THRESHOLDS[2] ? 4 : bits >= THRESHOLDS[1] ? 3 : bits >= THRESHOLDS[0] ? 2 : 1;
  }
  return { score, level: LEVELS[score], bits };
}

/** `abcabcabc` is `abc` three times: the unit's cost plus log2 of the count. */
function repeatedUnitBits(chars: string[], options: EstimateOptions): number {
  for (let size = 1; size <= chars.length / 2; size += 1) {
    if (chars.length % size !== 0) continue;
    const unit = chars.slice(0, size);
    if (chars.every((char, index) => char === unit[index % size])) {
      return sequenceBits(unit, options) + Math.log2(chars.length / size);
    }
  }
  return sequenceBits(chars, options);
}

function sequenceBits(chars: string[], options: EstimateOptions): number {
  const perChar = Math.log2(poolSize(chars));
  const lower = chars.map((char) => char.toLowerCase());
  const words = wordSpans(lower, options.userInputs ?? []);
  let bits = 0;
  for (let index = 0; index < chars.length; ) {
    const word = words.get(index);
    if (word) {
      bits += word.bits;
      index += word.length;
      continue;
    }
    bits += continuesPattern(lower, index) ? 1 : perChar;
    index += 1;
  }
  return bits;
}

function poolSize(chars: string[]): number {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  let other = false;
  for (const char of chars) {
    if (/[a-z]/u.test(char)) lower = true;
    else if (/[A-Z]/u.test(char)) upper = true;
    else if (/[0-9]/u.test(char)) digit = true;
    else if (/[\x20-\x7e]/u.test(char)) symbol = true;
    else other = true;
  }
  return (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 100 : 0) || 1;
}

/** A run, or one more step of a sequence or keyboard row in the direction of the last one. */
function continuesPattern(lower: string[], index: number): boolean {
  const previous = lower[index - 1];
  const current = lower[index];
  if (previous === undefined || current === undefined) return false;
  if (previous === current) return true;
  const step = (from: string, to: string): number | undefined => {
    const delta = (to.codePointAt(0) ?? 0) - (from.codePointAt(0) ?? 0);
    if (/[0-9]/u.test(from) && /[0-9]/u.test(to) && Math.abs(delta) === 1) return delta;
    for (const row of ROWS) {
      const a = row.indexOf(from);
      const b = row.indexOf(to);
      if (a >= 0 && b >= 0 && Math.abs(b - a) === 1) return b - a;
    }
    return undefined;
  };
  const direction = step(previous, current);
  if (direction === undefined) return false;
  // The first step of a sequence is paid in full; it is a pattern from the second on.
  const before = lower[index - 2];
  return before !== undefined && step(before, previous) === direction;
}

/** Where common words (plain or l33t) and the user's own inputs start, longest first, without overlaps. */
function wordSpans(lower: string[], userInputs: readonly string[]): Map<number, { length: number; bits: number }> {
  const plain = lower.join('');
  const unleet = lower.map((char) => LEET[char] ?? char).join('');
  const inputs = userInputs.flatMap((input) => input.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((part) => part.length >= 3);
  const spans = new Map<number, { length: number; bits: number }>();
  const taken = new Array<boolean>(lower.length).fill(false);
  for (let length = Math.min(lower.length, Math.max(LONGEST_WORD, ...inputs.map((input) => input.length))); length >= 3; length -= 1) {
    for (let start = 0; start + length <= lower.length; start += 1) {
      if (taken.slice(start, start + length).some(Boolean)) continue;
      const candidate = [plain.slice(start, start + length), unleet.slice(start, start + length)];
      const rank = length >= 4 ? candidate.map((word) => COMMON_RANK.get(word)).find((found) => found !== undefined) : undefined;
      const isInput = candidate.some((word) => inputs.includes(word));
      if (rank === undefined && !isInput) continue;
      spans.set(start, { length, bits: isInput ? 2 : Math.log2((rank ?? 0) + 1) + 1 });
      taken.fill(true, start, start + length);
    }
  }
  return spans;
}
