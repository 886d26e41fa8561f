// Tokens of PartiQL for DynamoDB: identifiers (bare or "double quoted"), 'single quoted' strings, numbers,
// `?` parameters and punctuation (incl. the << >> set brackets). Keywords are bare identifiers, compared
// case-insensitively by the parser.
import { DynamoValidationError } from '../expressions/errors.js';

export type TokenKind = 'ident' | 'qident' | 'string' | 'number' | 'param' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

export const MALFORMED = "Statement wasn't well formed, can't be processed: ";

export function malformed(detail: string): DynamoValidationError {
  return new DynamoValidationError(MALFORMED + detail);
}

const PUNCT = [
  '<<',
  '>>',
  '<>',
  '!=',
  '<=',
  '>=',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  '=',
  '<',
  '>',
  '*',
  ':',
  '+',
  '-',
];

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && src[i + 1] === '-') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length)
          throw malformed(c === "'" ? 'Unterminated string literal' : 'Unterminated quoted identifier');
        if (src[i] === c) {
          if (src[i + 1] === c) {
            text += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += src[i++];
      }
      out.push({ kind: c === "'" ? 'string' : 'qident', text, pos: start });
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      out.push({ kind: 'number', text: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i))!;
      out.push({ kind: 'ident', text: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    if (c === '?') {
      out.push({ kind: 'param', text: '?', pos: start });
      i++;
      continue;
    }
    const p = PUNCT.find((x) => src.startsWith(x, i));
    if (!p) throw malformed(`Unexpected lexical token: ${c}`);
    out.push({ kind: 'punct', text: p, pos: start });
    i += p.length;
  }
  out.push({ kind: 'eof', text: '', pos: src.length });
  return out;
}
