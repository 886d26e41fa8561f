import type { AttributeValue } from '../values/types.js';
import type { DocumentPath, FunctionName, Operand, PathElement } from './ast.js';
import { FUNCTION_NAMES } from './ast.js';
import type { ExpressionAttributes } from './attributes.js';
import { DynamoValidationError, invalidExpression, type ExpressionKind } from './errors.js';
import { isReservedWord } from './reserved.js';
import { nearText, tokenize, type Token } from './tokenizer.js';

// Recursive-descent machinery shared by all expression kinds: token cursor, syntax errors in AWS's
// format, document paths and operands. Semantic problems found while parsing (reserved words,
// undefined #names/:values) are deferred so a syntax error anywhere in the text wins, as in AWS.

export const MAX_EXPRESSION_LENGTH = 4096;
export const MAX_PATH_DEPTH = 32;

export class ExpressionParser {
  protected readonly tokens: Token[];
  protected pos = 0;
  protected readonly deferred: DynamoValidationError[] = [];

  constructor(
    protected readonly src: string,
    readonly kind: ExpressionKind,
    protected readonly attrs: ExpressionAttributes,
    protected readonly keywords: ReadonlySet<string>,
  ) {
    if (src.trim() === '') throw invalidExpression(kind, 'The expression can not be empty;');
    if (Buffer.byteLength(src, 'utf8') > MAX_EXPRESSION_LENGTH) {
      throw invalidExpression(
        kind,
        `Expression size has exceeded the maximum allowed size; expression size: ${Buffer.byteLength(src, 'utf8')}`,
      );
    }
    this.tokens = tokenize(src);
  }

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  protected next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  protected isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === text;
  }

  protected isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'name' && t.text.toUpperCase() === word;
  }

  protected syntaxError(index = this.pos): DynamoValidationError {
    const tok = this.tokens[index]!;
    return invalidExpression(
      this.kind,
      `Syntax error; token: "${tok.text}", near: "${nearText(this.src, this.tokens, index)}"`,
    );
  }

  protected expectPunct(text: string): void {
    if (!this.isPunct(text)) throw this.syntaxError();
    this.pos++;
  }

  protected expectEnd(): void {
    if (this.peek().kind !== 'eof') throw this.syntaxError();
  }

  /** Throws the first deferred semantic error, once the whole text parsed. */
  protected flushDeferred(): void {
    if (this.deferred.length > 0) throw this.deferred[0]!;
  }

  protected defer(detail: string): void {
    this.deferred.push(invalidExpression(this.kind, detail));
  }

  private pathName(tok: Token): string {
    if (tok.kind === 'attrName') {
      const name = this.attrs.resolveName(tok.text);
      if (name === undefined) {
        this.defer(
          `An expression attribute name used in the document path is not defined; attribute name: ${tok.text}`,
        );
        return tok.text;
      }
      return name;
    }
    if (isReservedWord(tok.text)) {
      this.defer(`Attribute name is a reserved keyword; reserved keyword: ${tok.text}`);
    }
    return tok.text;
  }

  protected atPathStart(): boolean {
    const t = this.peek();
    if (t.kind === 'attrName') return true;
    return t.kind === 'name' && !this.keywords.has(t.text.toUpperCase()) && !this.isPunct('(', 1);
  }

  /** document path: name ( '.' name | '[' digits ']' )* */
  parsePath(): DocumentPath {
    if (!this.atPathStart()) throw this.syntaxError();
    const elements: PathElement[] = [{ kind: 'name', name: this.pathName(this.next()) }];
    for (;;) {
      if (this.isPunct('.')) {
        this.pos++;
        const t = this.peek();
        if (t.kind !== 'name' && t.kind !== 'attrName') throw this.syntaxError();
        elements.push({ kind: 'name', name: this.pathName(this.next()) });
      } else if (this.isPunct('[')) {
        this.pos++;
        const t = this.peek();
        if (t.kind !== 'number') throw this.syntaxError();
        this.pos++;
        this.expectPunct(']');
        elements.push({ kind: 'index', index: Number(t.text) });
      } else {
        break;
      }
    }
    if (elements.length > MAX_PATH_DEPTH) {
      this.defer(`The document path has too many nesting levels; nesting levels: ${elements.length}`);
    }
    return { elements };
  }

  protected parseValueRef(): Operand {
    const tok = this.next();
    const value: AttributeValue | undefined = this.attrs.resolveValue(tok.text);
    if (value === undefined) {
      this.defer(`An expression attribute value used in expression is not defined; attribute value: ${tok.text}`);
      return { kind: 'value', value: { NULL: true }, ref: tok.text };
    }
    return { kind: 'value', value, ref: tok.text };
  }

  /** operand: path | :value | function '(' operand, ... ')' */
  parseOperand(): Operand {
    const t = this.peek();
    if (t.kind === 'attrValue') return this.parseValueRef();
    if (t.kind === 'name' && this.isPunct('(', 1)) return this.parseCall();
    return { kind: 'path', path: this.parsePath() };
  }

  protected parseCall(): Operand {
    const nameTok = this.next();
    this.pos++; // '('
    const args: Operand[] = [];
    if (!this.isPunct(')')) {
      args.push(this.parseOperand());
      while (this.isPunct(',')) {
        this.pos++;
        args.push(this.parseOperand());
      }
    }
    this.expectPunct(')');
    if (!(FUNCTION_NAMES as readonly string[]).includes(nameTok.text)) {
      this.defer(`Invalid function name; function: ${nameTok.text}`);
      return { kind: 'call', name: 'size', args };
    }
    return { kind: 'call', name: nameTok.text as FunctionName, args };
  }
}
