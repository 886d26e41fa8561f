// The CloudWatch Logs filter-pattern engine shared by FilterLogEvents, TestMetricFilter, metric filters and
// subscription filters. A pattern compiles once; matching an event returns its extracted values or undefined.
import { compileDelimited } from './delimited.js';
import { FilterPatternError } from './errors.js';
import { compileJson } from './json.js';
import { compileRegex } from './values.js';
import { matchTerms, parseTerms } from './terms.js';

export { FilterPatternError } from './errors.js';

export interface CompiledPattern {
  /** Extracted values ($field -> text) when the message matches, else undefined. */
  match(message: string): Record<string, string> | undefined;
}

const NONE: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function compilePattern(pattern: string | undefined): CompiledPattern {
  const p = (pattern ?? '').trim();
  if (p === '') return { match: () => NONE };
  if (p.startsWith('{')) {
    const json = compileJson(p);
    return { match: (m) => (json(m) ? NONE : undefined) };
  }
  if (p.startsWith('[')) {
    const delimited = compileDelimited(p);
    return { match: (m) => delimited(m) };
  }
  if (p.length >= 2 && p.startsWith('%') && p.endsWith('%')) {
    const re = compileRegex(p.slice(1, -1));
    return { match: (m) => (re.test(m) ? NONE : undefined) };
  }
  if (p.startsWith('%')) throw new FilterPatternError('unterminated regular expression');
  const terms = parseTerms(p);
  return { match: (m) => (matchTerms(terms, m) ? NONE : undefined) };
}
