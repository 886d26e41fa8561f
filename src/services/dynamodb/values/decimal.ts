import { DynamoValidationError } from '../expressions/errors.js';

// DynamoDB numbers are exact decimals: up to 38 significant digits, magnitude 1E-130 .. 9.99..9E+125.
// A Decimal is sign * 0.d1d2...dn * 10^exp is awkward; we use sign * digits * 10^exp with `digits`
// free of leading and trailing zeros ("" means zero), which makes normalization and comparison simple.
export interface Decimal {
  readonly sign: 1 | -1;
  readonly digits: string;
  readonly exp: number;
}

const NUMBER_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
export const MAX_SIGNIFICANT_DIGITS = 38;
// Position of the most significant digit (value ~ 10^adjusted) allowed by AWS.
const MAX_ADJUSTED_EXP = 125;
const MIN_ADJUSTED_EXP = -130;

export const ZERO: Decimal = { sign: 1, digits: '', exp: 0 };

function make(sign: 1 | -1, digits: string, exp: number): Decimal {
  const lead = digits.search(/[^0]/);
  if (lead < 0) return ZERO;
  let d = digits.slice(lead);
  const trimmed = d.replace(/0+$/, '');
  exp += d.length - trimmed.length;
  d = trimmed;
  return { sign, digits: d, exp };
}

/** Parses without range checks; returns undefined when the text is not a number at all. */
export function parseDecimalLoose(text: string): Decimal | undefined {
  const m = NUMBER_RE.exec(text);
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return undefined;
  const expText = m[4];
  if (expText !== undefined && expText.replace(/^[+-]/, '').length > 9) {
    // Absurd exponents are certainly out of range; keep them finite so checks below can report them.
    const neg = expText.startsWith('-');
    return make(m[1] === '-' ? -1 : 1, intPart + frac, neg ? -1e9 : 1e9);
  }
  const exp = (expText ? Number(expText) : 0) - frac.length;
  return make(m[1] === '-' ? -1 : 1, intPart + frac, exp);
}

function adjustedExp(d: Decimal): number {
  return d.exp + d.digits.length - 1;
}

/** Throws the AWS message when the decimal cannot be stored. */
export function checkRange(d: Decimal): void {
  if (d.digits === '') return;
  const adj = adjustedExp(d);
  if (adj > MAX_ADJUSTED_EXP) {
    throw new DynamoValidationError(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
  }
  if (adj < MIN_ADJUSTED_EXP) {
    throw new DynamoValidationError(
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
  }
  if (d.digits.length > MAX_SIGNIFICANT_DIGITS) {
    throw new DynamoValidationError('Attempting to store more than 38 significant digits in a Number');
  }
}

/** Parses and validates a number as AWS does for N values. */
export function parseNumber(text: string): Decimal {
  const d = parseDecimalLoose(text);
  if (!d) throw new DynamoValidationError(`The parameter cannot be converted to a numeric value: ${text}`);
  checkRange(d);
  return d;
}

/** Canonical plain-notation text ("1.0" -> "1", "-0" -> "0", "1E2" -> "100"). */
export function formatDecimal(d: Decimal): string {
  if (d.digits === '') return '0';
  const sign = d.sign < 0 ? '-' : '';
  if (d.exp >= 0) return sign + d.digits + '0'.repeat(d.exp);
  const point = d.digits.length + d.exp;
  if (point > 0) return `${sign}${d.digits.slice(0, point)}.${d.digits.slice(point)}`;
  return `${sign}0.${'0'.repeat(-point)}${d.digits}`;
}

/** Validates and canonicalizes a number string. */
export function normalizeNumber(text: string): string {
  return formatDecimal(parseNumber(text));
}

function compareMagnitude(a: Decimal, b: Decimal): number {
  if (a.digits === '' || b.digits === '') return (a.digits === '' ? 0 : 1) - (b.digits === '' ? 0 : 1);
  const ea = adjustedExp(a);
  const eb = adjustedExp(b);
  if (ea !== eb) return ea < eb ? -1 : 1;
  const len = Math.max(a.digits.length, b.digits.length);
  const da = a.digits.padEnd(len, '0');
  const db = b.digits.padEnd(len, '0');
  return da < db ? -1 : da > db ? 1 : 0;
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const sa = a.digits === '' ? 0 : a.sign;
  const sb = b.digits === '' ? 0 : b.sign;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  return sa * compareMagnitude(a, b);
}

/** Compares two N strings exactly. */
export function compareNumberStrings(a: string, b: string): number {
  return compareDecimal(parseDecimalLoose(a) ?? ZERO, parseDecimalLoose(b) ?? ZERO);
}

function toBigInt(d: Decimal, exp: number): bigint {
  const v = BigInt(d.digits + '0'.repeat(d.exp - exp));
  return d.sign < 0 ? -v : v;
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  if (a.digits === '') return b;
  if (b.digits === '') return a;
  const exp = Math.min(a.exp, b.exp);
  const sum = toBigInt(a, exp) + toBigInt(b, exp);
  const neg = sum < 0n;
  return make(neg ? -1 : 1, (neg ? -sum : sum).toString(), exp);
}

export function negateDecimal(d: Decimal): Decimal {
  return d.digits === '' ? d : { ...d, sign: d.sign < 0 ? 1 : -1 };
}

/** Exact a + b on N strings; the result is range-checked like a stored number. */
export function addNumbers(a: string, b: string): string {
  const r = addDecimal(parseNumber(a), parseNumber(b));
  checkRange(r);
  return formatDecimal(r);
}

export function subtractNumbers(a: string, b: string): string {
  const r = addDecimal(parseNumber(a), negateDecimal(parseNumber(b)));
  checkRange(r);
  return formatDecimal(r);
}

/** Count of significant digits, used by the item size rules. */
export function significantDigits(text: string): number {
  return (parseDecimalLoose(text) ?? ZERO).digits.length;
}
