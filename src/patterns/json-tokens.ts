/**
 * A streaming JSON tokenizer that reports positions the way AWS's pattern engine does.
 *
 * EventBridge and SNS validate patterns while streaming them through a Jackson parser, and their error messages end
 * with Jackson's "current location". That location depends on Jackson's read-ahead: after a field name it has already
 * consumed the colon and the start of the value (a whole number or literal, only the opening quote of a string, the
 * bracket of a container); a string's closing quote is consumed only when its text is read. We model exactly that, so
 * the columns in our messages line up with AWS's.
 */
import { CompileError } from './errors.js';

export type Token =
  | 'START_OBJECT'
  | 'END_OBJECT'
  | 'START_ARRAY'
  | 'END_ARRAY'
  | 'FIELD_NAME'
  | 'STRING'
  | 'NUMBER'
  | 'TRUE'
  | 'FALSE'
  | 'NULL';

type Scope = { kind: 'object' | 'array'; count: number; line: number; column: number };

const SNIPPET_MAX = 500; // Jackson truncates the quoted source after this many chars

export class JsonTokens {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly scopes: Scope[] = [];
  private pending: { token: Token; text: string; incomplete: boolean } | undefined;
  private fieldName = '';
  private valueText = '';
  private stringIncomplete = false;

  constructor(private readonly src: string) {}

  /** The " at [Source: ...]" suffix Jackson appends to parse errors, for the current position. */
  location(line = this.line, column = this.pos - this.lineStart + 1): string {
    const shown = this.src.slice(0, SNIPPET_MAX);
    const cut = this.src.length - shown.length;
    const truncated = cut > 0 ? `[truncated ${cut} chars]` : '';
    return `\n at [Source: (String)"${shown}"${truncated}; line: ${line}, column: ${column}]`;
  }

  /**
   * Jackson reports an unexpected character at the character itself, and everything else at the read position;
   * callers raising "Unexpected character" errors simply have not consumed it yet.
   */
  fail(reason: string): CompileError {
    return new CompileError(reason, this.location());
  }

  /** Name of the field most recently returned as FIELD_NAME. */
  currentName(): string {
    return this.fieldName;
  }

  /** Text of the current scalar token; for strings this consumes the closing quote, as Jackson's getText does. */
  text(): string {
    if (this.stringIncomplete) this.finishString();
    return this.valueText;
  }

  next(): Token | undefined {
    if (this.pending) {
      const p = this.pending;
      this.pending = undefined;
      this.valueText = p.text;
      this.stringIncomplete = p.incomplete;
      return p.token;
    }
    if (this.stringIncomplete) this.finishString();
    this.skipWhitespace();
    const scope = this.scopes[this.scopes.length - 1];
    if (this.pos >= this.src.length) {
      if (!scope) return undefined;
      const kind = scope.kind === 'object' ? 'OBJECT' : 'ARRAY';
      throw this.fail(
        `Unexpected end-of-input: expected close marker for ${kind} (start marker at` +
          `${this.location(scope.line, scope.column).slice(4)})`,
      );
    }
    const c = this.src[this.pos];
    if (scope && (c === ']' || c === '}')) return this.close(scope, c);
    if (scope && scope.count > 0) {
      if (c !== ',') {
        const what = scope.kind === 'object' ? 'Object' : 'Array';
        throw this.fail(`Unexpected character (${describe(c)}): was expecting comma to separate ${what} entries`);
      }
      this.pos++;
      this.skipWhitespace();
    }
    if (scope) scope.count++;
    if (scope?.kind === 'object') return this.fieldAndValueStart();
    return this.valueStart();
  }

  private close(scope: Scope, c: string): Token {
    this.pos++;
    const want = scope.kind === 'object' ? '}' : ']';
    if (c !== want) {
      const kind = scope.kind === 'object' ? 'Object' : 'Array';
      throw this.fail(
        `Unexpected close marker '${c}': expected '${want}' (for ${kind} starting at` +
          `${this.location(scope.line, scope.column).slice(4)})`,
      );
    }
    this.scopes.pop();
    this.valueText = c;
    return scope.kind === 'object' ? 'END_OBJECT' : 'END_ARRAY';
  }

  /** Reads `"name" :` and the start of the value, returning FIELD_NAME with the value held back. */
  private fieldAndValueStart(): Token {
    if (this.src[this.pos] !== '"') {
      const c = this.peekChar();
      throw this.fail(`Unexpected character (${describe(c)}): was expecting double-quote to start field name`);
    }
    this.pos++;
    this.fieldName = this.readStringBody();
    this.skipWhitespace();
    if (this.src[this.pos] !== ':') {
      const c = this.peekChar();
      if (c === '') throw this.fail('Unexpected end-of-input: was expecting a colon to separate field name and value');
      throw this.fail(`Unexpected character (${describe(c)}): was expecting a colon to separate field name and value`);
    }
    this.pos++;
    this.skipWhitespace();
    const token = this.valueStart();
    this.pending = { token, text: this.valueText, incomplete: this.stringIncomplete };
    this.stringIncomplete = false;
    return 'FIELD_NAME';
  }

  private valueStart(): Token {
    const c = this.src[this.pos];
    if (c === undefined) throw this.fail('Unexpected end-of-input: expected a value');
    if (c === '"') {
      this.pos++;
      this.stringIncomplete = true;
      this.valueText = '';
      return 'STRING';
    }
    if (c === '{' || c === '[') {
      this.scopes.push({
        kind: c === '{' ? 'object' : 'array',
        count: 0,
        line: this.line,
        column: this.pos - this.lineStart + 1,
      });
      this.pos++;
      this.valueText = c;
      return c === '{' ? 'START_OBJECT' : 'START_ARRAY';
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.readNumber();
    const word = /^[A-Za-z0-9_$]+/.exec(this.src.slice(this.pos, this.pos + 256))?.[0] ?? '';
    const literal: Record<string, Token> = { true: 'TRUE', false: 'FALSE', null: 'NULL' };
    if (word && literal[word]) {
      this.pos += word.length;
      this.valueText = word;
      return literal[word];
    }
    if (word) {
      this.pos += word.length;
      throw this.fail(
        `Unrecognized token '${word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
      );
    }
    const ch = this.peekChar();
    throw this.fail(`Unexpected character (${describe(ch)}): expected a value`);
  }

  private readNumber(): Token {
    const m = /^-?(\d+)(\.\d+)?([eE][+-]?\d+)?/.exec(this.src.slice(this.pos));
    if (!m || m[0] === '-') {
      this.pos++;
      const ch = this.peekChar();
      throw this.fail(
        `Unexpected character (${describe(ch)}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`,
      );
    }
    if (m[1].length > 1 && m[1].startsWith('0')) {
      this.pos += m[0].indexOf('0') + 2;
      throw this.fail('Invalid numeric value: Leading zeroes not allowed');
    }
    this.pos += m[0].length;
    this.valueText = m[0];
    return 'NUMBER';
  }

  private finishString(): void {
    this.stringIncomplete = false;
    this.valueText = this.readStringBody();
  }

  /** Reads string content after the opening quote, through the closing quote. */
  private readStringBody(): string {
    let out = '';
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) throw this.fail('Unexpected end-of-input in VALUE_STRING');
      this.pos++;
      if (c === '"') return out;
      if (c === '\\') {
        out += this.readEscape();
        continue;
      }
      if (c < ' ') {
        if (c === '\n') this.newLine();
        throw this.fail(
          `Illegal unquoted character ((CTRL-CHAR, code ${c.charCodeAt(0)})): has to be escaped using backslash to be included in string value`,
        );
      }
      out += c;
    }
  }

  private readEscape(): string {
    const e = this.src[this.pos++];
    const simple: Record<string, string> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    };
    if (e !== undefined && simple[e] !== undefined) return simple[e];
    if (e === 'u') {
      const hex = this.src.slice(this.pos, this.pos + 4);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      throw this.fail('Unexpected character: expected a hex-digit for character escape sequence');
    }
    if (e === undefined) throw this.fail('Unexpected end-of-input in character escape sequence');
    throw this.fail(`Unrecognized character escape ${describe(e)}`);
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\n') {
        this.pos++;
        this.newLine();
      } else return;
    }
  }

  private newLine(): void {
    this.line++;
    this.lineStart = this.pos;
  }

  private peekChar(): string {
    const cp = this.src.codePointAt(this.pos);
    return cp === undefined ? '' : String.fromCodePoint(cp);
  }
}

/** Jackson's rendering of an offending character: `'x' (code 120)`. */
function describe(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 32) return `CTRL-CHAR, code ${code}`;
  return `'${c}' (code ${code}${code > 127 ? ` / 0x${code.toString(16)}` : ''})`;
}
