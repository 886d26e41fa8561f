// Tokens of the structured filter-pattern syntaxes (JSON `{ ... }` and space-delimited `[ ... ]`). Bare words keep
// every character that is not whitespace or an operator, so values like 10.0.0.*, 4*, /api/v1 and ... lex as one.
import { FilterPatternError } from './errors.js';

export type Token =
  | { t: 'lparen' | 'rparen' | 'and' | 'or' | 'comma' }
  | { t: 'op'; op: Op }
  | { t: 'selector'; text: string }
  | { t: 'string'; text: string }
  | { t: 'regex'; source: string }
  | { t: 'word'; text: string };

export type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';

const WORD_STOP = new Set([' ', '\t', '\n', '\r', '(', ')', ',', '=', '!', '<', '>', '&', '|', '"']);

export function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const two = src.slice(i, i + 2);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma' });
      i += 1;
    } else if (two === '&&' || two === '||') {
      out.push({ t: two === '&&' ? 'and' : 'or' });
      i += 2;
    } else if (two === '!=' || two === '<=' || two === '>=') {
      out.push({ t: 'op', op: two });
      i += 2;
    } else if (c === '=' || c === '<' || c === '>') {
      out.push({ t: 'op', op: c });
      i += 1;
    } else if (c === '"') {
      const [text, next] = readQuoted(src, i);
      out.push({ t: 'string', text });
      i = next;
    } else if (c === '%') {
      const end = src.indexOf('%', i + 1);
      if (end < 0) throw new FilterPatternError('unterminated regular expression');
      out.push({ t: 'regex', source: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '$') {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_.[\]*@:-]/.test(src[j]!)) j += 1;
      out.push({ t: 'selector', text: src.slice(i, j) });
      i = j;
    } else {
      let j = i;
      while (j < src.length && !WORD_STOP.has(src[j]!)) j += 1;
      if (j === i) throw new FilterPatternError(`unexpected character ${c}`);
      out.push({ t: 'word', text: src.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/** Reads a double-quoted string starting at src[start] === '"'; backslash escapes the next character. */
export function readQuoted(src: string, start: number): [string, number] {
  let text = '';
  let i = start + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length) {
      text += src[i + 1];
      i += 2;
    } else if (c === '"') {
      return [text, i + 1];
    } else {
      text += c;
      i += 1;
    }
  }
  throw new FilterPatternError('unterminated quoted string');
}

/** A cursor over tokens for the recursive-descent parsers. */
export class Tokens {
  private i = 0;
  constructor(private readonly list: Token[]) {}
  peek(): Token | undefined {
    return this.list[this.i];
  }
  next(): Token {
    const tok = this.list[this.i];
    if (!tok) throw new FilterPatternError('unexpected end of pattern');
    this.i += 1;
    return tok;
  }
  done(): boolean {
    return this.i >= this.list.length;
  }
}
