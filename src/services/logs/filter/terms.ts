// Unstructured filter patterns: space-separated terms an event must all contain (case-sensitive), "quoted
// phrases" for text with spaces or symbols, -term for terms it must not contain, and ?term for terms of which
// it must contain at least one.
import { FilterPatternError } from './errors.js';
import { readQuoted } from './lexer.js';

export interface TermPattern {
  all: string[];
  none: string[];
  any: string[];
}

export function parseTerms(pattern: string): TermPattern {
  const out: TermPattern = { all: [], none: [], any: [] };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    let bucket = out.all;
    if (c === '-' || c === '?') {
      bucket = c === '-' ? out.none : out.any;
      i += 1;
      if (i >= pattern.length || /\s/.test(pattern[i]!)) throw new FilterPatternError(`dangling ${c}`);
    }
    if (pattern[i] === '"') {
      const [text, next] = readQuoted(pattern, i);
      bucket.push(text);
      i = next;
    } else {
      let j = i;
      while (j < pattern.length && !/\s/.test(pattern[j]!)) j += 1;
      bucket.push(pattern.slice(i, j));
      i = j;
    }
  }
  return out;
}

export function matchTerms(p: TermPattern, message: string): boolean {
  for (const t of p.all) if (!message.includes(t)) return false;
  for (const t of p.none) if (message.includes(t)) return false;
  return p.any.length === 0 || p.any.some((t) => message.includes(t));
}
