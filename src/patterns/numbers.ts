/**
 * Numbers as AWS's pattern engine compares them: exact decimals scaled to six places (so 3.0e2 equals 300 and
 * 0.1 + 0.2 compares as 0.3), valid only inside a bounded range. Values outside the range never match numerically.
 */

const SCALE_DIGITS = 6;
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses a JSON number's text (or a JS number) into value × 10^6, floored; undefined if not a finite number. */
export function scaledNumber(input: string | number): bigint | undefined {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : input.trim();
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, minus, int, frac = '', exp = '0'] = m;
  const digits = BigInt(int + frac);
  const shift = Number(exp) - frac.length + SCALE_DIGITS;
  let scaled: bigint;
  if (digits === 0n) scaled = 0n;
  else if (shift > 40)
    return undefined; // far outside any range we accept
  else if (shift >= 0) scaled = digits * 10n ** BigInt(shift);
  else if (shift < -400) scaled = minus ? 1n : 0n;
  else {
    const div = 10n ** BigInt(-shift);
    scaled = digits / div;
    if (minus && digits % div !== 0n) scaled += 1n; // floor, not truncation, for negatives
  }
  return minus ? -scaled : scaled;
}

export interface NumberLimits {
  /** Largest magnitude, scaled by 10^6. */
  max: bigint;
  /** AWS's error text for a pattern number outside the range. */
  outOfRange: string;
}

/** EventBridge: -5e9..5e9 inclusive, six decimal places. */
export const EVENTBRIDGE_LIMITS: NumberLimits = {
  max: 5_000_000_000_000_000n,
  outOfRange: 'Value must be between -5.0E9 and 5.0E9, inclusive',
};

/** SNS documents -1e9..1e9; the error text mirrors EventBridge's engine with SNS's bounds. */
export const SNS_LIMITS: NumberLimits = {
  max: 1_000_000_000_000_000n,
  outOfRange: 'Value must be between -1.0E9 and 1.0E9, inclusive',
};

/** The comparable form of a number, or undefined when it is outside the limits. */
export function comparable(input: string | number, limits: NumberLimits): bigint | undefined {
  const n = scaledNumber(input);
  if (n === undefined || n > limits.max || n < -limits.max) return undefined;
  return n;
}
