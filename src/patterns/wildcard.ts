/**
 * The `wildcard` operator: `*` matches any run of characters; `\*` and `\\` are a literal star and backslash, and
 * any other backslash is an error. Positions in errors count UTF-8 bytes and start at 1, because AWS's engine reports
 * them against the value with its opening quote prepended.
 */
import { CompileError } from './errors.js';

export interface Wildcard {
  /** Literal pieces between the stars. */
  parts: string[];
  stars: number;
}

export function parseWildcard(value: string): Wildcard {
  const parts: string[] = [''];
  const pos = (i: number) => Buffer.byteLength(value.slice(0, i)) + 1; // the engine sees '"' + value
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '*') {
      if (value[i + 1] === '*') throw new CompileError(`Consecutive wildcard characters at pos ${pos(i)}`);
      parts.push('');
    } else if (c === '\\') {
      const next = value[i + 1];
      if (next !== '*' && next !== '\\') throw new CompileError(`Invalid escape character at pos ${pos(i)}`);
      parts[parts.length - 1] += next;
      i++;
    } else {
      parts[parts.length - 1] += c;
    }
  }
  return { parts, stars: parts.length - 1 };
}

export function wildcardMatches(w: Wildcard, s: string): boolean {
  const { parts } = w;
  if (parts.length === 1) return s === parts[0];
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
  let at = first.length;
  const end = s.length - last.length;
  // Greedy left-to-right placement of the middle pieces is optimal for star-only globs.
  for (let i = 1; i < parts.length - 1; i++) {
    const found = s.indexOf(parts[i], at);
    if (found < 0 || found + parts[i].length > end) return false;
    at = found + parts[i].length;
  }
  return true;
}
