// Exact arithmetic for index tables. Every value a standard prints is a finite decimal, and
// so is every concentration a person types or a monitor sends; as rationals over bigint they
// are compared, interpolated, truncated and rounded without a binary floating-point error
// ever moving a result across an integer (125.5 must round to 126, 87.0 must not ceil to 88).

/** A rational number n/d with d > 0. */
export interface Rational {
  n: bigint;
  d: bigint;
}

const decimalText = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-]?)\.(\d+)(?:[eE]([+-]?\d+))?$/;

/** The exact value of a decimal text (`"35.45"`, `"1e-3"`), or null when it is not one. */
export function parseDecimal(text: string): Rational | null {
  const m = decimalText.exec(text.trim());
  if (!m) return null;
  const sign = (m[1] ?? m[5]) === '-' ? -1n : 1n;
  const whole = m[2] ?? '0';
  const frac = m[3] ?? m[6] ?? '';
  const exp = Number(m[4] ?? m[7] ?? '0');
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return null;
  let n = BigInt(whole + frac) * sign;
  let d = 10n ** BigInt(frac.length);
  if (exp > 0) n *= 10n ** BigInt(exp);
  if (exp < 0) d *= 10n ** BigInt(-exp);
  return reduce({ n, d });
}

/** The exact value of a finite number as its shortest decimal form (what `String(x)` prints), or of a decimal text. */
export function toRational(value: number | string): Rational | null {
  if (typeof value === 'number') return Number.isFinite(value) ? parseDecimal(String(value)) : null;
  return parseDecimal(value);
}

/** A rational from an integer. */
export const int = (i: number | bigint): Rational => ({ n: BigInt(i), d: 1n });

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a;
};

function reduce(r: Rational): Rational {
  const g = gcd(r.n, r.d);
  return g > 1n ? { n: r.n / g, d: r.d / g } : r;
}

/** a + b. */
export const add = (a: Rational, b: Rational): Rational => reduce({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
/** a − b. */
export const sub = (a: Rational, b: Rational): Rational => reduce({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
/** a × b. */
export const mul = (a: Rational, b: Rational): Rational => reduce({ n: a.n * b.n, d: a.d * b.d });

/** a ÷ b; b must not be zero. */
export function div(a: Rational, b: Rational): Rational {
  if (b.n === 0n) throw new RangeError('division by zero');
  const s = b.n < 0n ? -1n : 1n;
  return reduce({ n: a.n * b.d * s, d: a.d * b.n * s });
}

/** −1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

const floorDiv = (n: bigint, d: bigint): bigint => {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
};

/** The smallest integer not less than r (进位取整). */
export const ceil = (r: Rational): bigint => -floorDiv(-r.n, r.d);

/** r rounded to the nearest integer, halves away from zero for r ≥ 0 (US EPA rounding). */
export const roundHalfUp = (r: Rational): bigint => floorDiv(2n * r.n + r.d, 2n * r.d);

/** Whether r lies exactly halfway between two integers. */
export const isHalf = (r: Rational): boolean => (2n * r.n) % (2n * r.d) === r.d || (2n * r.n) % (2n * r.d) === -r.d;

/** r truncated (toward zero) to the given number of decimal places. */
export function truncate(r: Rational, decimals: number): Rational {
  const scale = 10n ** BigInt(decimals);
  const t = (r.n * scale) / r.d; // bigint division truncates toward zero
  return reduce({ n: t, d: scale });
}

/** r as a decimal text with exactly `decimals` places (r must be a multiple of 10^−decimals), or its shortest form when it has few places. */
export function format(r: Rational, decimals?: number): string {
  if (decimals === undefined) {
    for (let p = 0; p <= 12; p++) {
      const scale = 10n ** BigInt(p);
      if ((r.n * scale) % r.d === 0n) return format(r, p);
    }
    return String(Number(r.n) / Number(r.d));
  }
  const scale = 10n ** BigInt(decimals);
  const v = (r.n * scale) / r.d;
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(decimals + 1, '0');
  const text = decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
  return neg ? `-${text}` : text;
}

/** r as the nearest JavaScript number. */
export const toNumber = (r: Rational): number => Number(format(r, 15));
