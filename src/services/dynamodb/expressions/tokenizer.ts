// Hand-written lexer shared by every expression kind. Keywords are plain `name` tokens: which words
// are keywords depends on the grammar (SET is only a keyword in an UpdateExpression).

export type TokenKind = 'name' | 'attrName' | 'attrValue' | 'number' | 'punct' | 'invalid' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const PUNCT2 = ['<>', '<=', '>='];
const PUNCT1 = '()[],.=<>+-';

function isWordChar(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c);
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    const two = src.slice(i, i + 2);
    let kind: TokenKind;
    if (PUNCT2.includes(two)) {
      i += 2;
      kind = 'punct';
    } else if (PUNCT1.includes(c)) {
      i++;
      kind = 'punct';
    } else if (c === '#' || c === ':') {
      i++;
      while (i < src.length && isWordChar(src[i]!)) i++;
      kind = i - start > 1 ? (c === '#' ? 'attrName' : 'attrValue') : 'invalid';
    } else if (/[0-9]/.test(c)) {
      while (i < src.length && /[0-9]/.test(src[i]!)) i++;
      // "1a" is neither a number nor a name; keep it whole so the error shows it.
      if (i < src.length && isWordChar(src[i]!)) {
        while (i < src.length && isWordChar(src[i]!)) i++;
        kind = 'invalid';
      } else {
        kind = 'number';
      }
    } else if (isWordChar(c)) {
      while (i < src.length && isWordChar(src[i]!)) i++;
      kind = 'name';
    } else {
      i++;
      kind = 'invalid';
    }
    out.push({ kind, text: src.slice(start, i), start, end: i });
  }
  out.push({ kind: 'eof', text: '<EOF>', start: src.length, end: src.length });
  return out;
}

/**
 * The `near` fragment of AWS syntax errors: the source text from the token before the offending one
 * through the token after it. At end of input there is no following token, so two preceding tokens
 * are shown instead ("SET a" for a truncated "SET a").
 */
export function nearText(src: string, tokens: Token[], index: number): string {
  const tok = tokens[index]!;
  if (tok.kind === 'eof') {
    const from = tokens[Math.max(0, index - 2)]!;
    return index === 0 ? '' : src.slice(from.start, tokens[index - 1]!.end);
  }
  const from = tokens[Math.max(0, index - 1)]!;
  const next = tokens[index + 1];
  const to = next && next.kind !== 'eof' ? next : tok;
  return src.slice(from.start, to.end);
}
