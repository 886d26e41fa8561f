// Terms of PartiQL for DynamoDB: token helpers, names and document paths, literals and `?` parameters (bound in
// order), and WHERE conditions as the expression library's Condition trees.
import { DynamoValidationError } from '../expressions/errors.js';
import type { Condition, DocumentPath, FunctionName, Operand, PathElement } from '../expressions/ast.js';
import type { AttributeValue } from '../values/types.js';
import { malformed, type Token } from './lexer.js';

export const PARAM_COUNT = "Number of parameters in request and statement don't match.";

const CONDITION_FUNCTIONS: readonly string[] = [
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
];

export class TermParser {
  protected i = 0;
  protected used = 0;
  constructor(
    protected readonly toks: Token[],
    protected readonly params: AttributeValue[],
  ) {}

  protected peek(o = 0): Token {
    return this.toks[Math.min(this.i + o, this.toks.length - 1)]!;
  }
  protected next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  protected isKw(word: string, o = 0): boolean {
    const t = this.peek(o);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }
  protected isP(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p;
  }
  protected unexpected(): DynamoValidationError {
    const t = this.peek();
    if (t.kind === 'eof') return malformed('Unexpected end of statement');
    if (t.kind === 'ident') return malformed(`Unexpected keyword`);
    return malformed(`Unexpected token`);
  }
  protected kw(word: string): void {
    if (!this.isKw(word)) throw this.unexpected();
    this.i++;
  }
  protected p(text: string): void {
    if (!this.isP(text)) throw this.unexpected();
    this.i++;
  }

  protected name(): string {
    const t = this.peek();
    if (t.kind !== 'ident' && t.kind !== 'qident') throw this.unexpected();
    this.i++;
    return t.text;
  }

  protected path(): DocumentPath {
    const elements: PathElement[] = [{ kind: 'name', name: this.name() }];
    for (;;) {
      if (this.isP('.')) {
        this.next();
        elements.push({ kind: 'name', name: this.name() });
      } else if (this.isP('[')) {
        this.next();
        const t = this.next();
        if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw malformed('Unexpected token');
        elements.push({ kind: 'index', index: Number(t.text) });
        this.p(']');
      } else return { elements };
    }
  }

  protected isPathStart(): boolean {
    const t = this.peek();
    if (t.kind === 'qident') return true;
    if (t.kind !== 'ident') return false;
    return !['TRUE', 'FALSE', 'NULL', 'MISSING'].includes(t.text.toUpperCase());
  }

  protected operand(): Operand {
    if (this.isPathStart()) {
      const t = this.peek();
      if (t.kind === 'ident' && t.text.toLowerCase() === 'size' && this.peek(1).text === '(') {
        this.i += 2;
        const path = this.path();
        this.p(')');
        return { kind: 'call', name: 'size', args: [{ kind: 'path', path }] };
      }
      return { kind: 'path', path: this.path() };
    }
    const start = this.peek().text;
    return { kind: 'value', value: this.value(), ref: start };
  }

  /** A literal, parameter or constructor ({...}, [...], <<...>>). */
  value(): AttributeValue {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { S: t.text };
      case 'number':
        return { N: t.text };
      case 'param': {
        const v = this.params[this.used++];
        if (v === undefined) throw new DynamoValidationError(PARAM_COUNT);
        return v;
      }
      case 'ident': {
        const w = t.text.toUpperCase();
        if (w === 'TRUE' || w === 'FALSE') return { BOOL: w === 'TRUE' };
        if (w === 'NULL') return { NULL: true };
        break;
      }
      case 'punct':
        if (t.text === '-' && this.peek().kind === 'number') return { N: `-${this.next().text}` };
        if (t.text === '{') return this.tuple();
        if (t.text === '[') return { L: this.list(']') };
        if (t.text === '<<') return this.set();
        break;
    }
    if (t.kind !== 'eof') this.i--;
    throw this.unexpected();
  }

  protected list(close: string): AttributeValue[] {
    const out: AttributeValue[] = [];
    while (!this.isP(close)) {
      if (out.length > 0) this.p(',');
      out.push(this.value());
    }
    this.next();
    return out;
  }

  protected tuple(): AttributeValue {
    const m: Record<string, AttributeValue> = {};
    while (!this.isP('}')) {
      if (Object.keys(m).length > 0) this.p(',');
      const k = this.peek();
      if (k.kind !== 'string' && k.kind !== 'qident') throw this.unexpected();
      this.next();
      this.p(':');
      if (k.text in m) throw new DynamoValidationError(`Duplicate attribute name: ${k.text}`);
      m[k.text] = this.value();
    }
    this.next();
    return { M: m };
  }

  protected set(): AttributeValue {
    const members = this.list('>>');
    if (members.length > 0 && members.every((v) => 'S' in v)) return { SS: members.map((v) => (v as { S: string }).S) };
    if (members.length > 0 && members.every((v) => 'N' in v)) return { NS: members.map((v) => (v as { N: string }).N) };
    if (members.length > 0 && members.every((v) => 'B' in v)) return { BS: members.map((v) => (v as { B: string }).B) };
    throw new DynamoValidationError(
      'Unsupported operation: Set must contain members of one scalar type: string, number or binary',
    );
  }

  condition(): Condition {
    let left = this.andCond();
    while (this.isKw('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.andCond() };
    }
    return left;
  }

  protected andCond(): Condition {
    let left = this.notCond();
    while (this.isKw('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.notCond() };
    }
    return left;
  }

  protected notCond(): Condition {
    if (this.isKw('NOT')) {
      this.next();
      return { kind: 'not', operand: this.notCond() };
    }
    if (this.isP('(')) {
      this.next();
      const c = this.condition();
      this.p(')');
      return c;
    }
    const t = this.peek();
    if (t.kind === 'ident' && CONDITION_FUNCTIONS.includes(t.text.toLowerCase()) && this.peek(1).text === '(') {
      this.i += 2;
      const args: Operand[] = [{ kind: 'path', path: this.path() }];
      while (this.isP(',')) {
        this.next();
        args.push(this.operand());
      }
      this.p(')');
      return { kind: 'function', name: t.text.toLowerCase() as FunctionName, args };
    }
    return this.predicate();
  }

  protected predicate(): Condition {
    const left = this.operand();
    const t = this.peek();
    if (t.kind === 'punct' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      this.next();
      const op = t.text === '!=' ? '<>' : (t.text as '=');
      return { kind: 'compare', op, left, right: this.operand() };
    }
    let negate = false;
    if (this.isKw('NOT') && (this.isKw('BETWEEN', 1) || this.isKw('IN', 1))) {
      this.next();
      negate = true;
    }
    let c: Condition | undefined;
    if (this.isKw('BETWEEN')) {
      this.next();
      const low = this.operand();
      this.kw('AND');
      c = { kind: 'between', operand: left, low, high: this.operand() };
    } else if (this.isKw('IN')) {
      this.next();
      const open = this.next().text;
      if (open !== '[' && open !== '(') throw malformed('Unexpected token');
      const close = open === '[' ? ']' : ')';
      const list: Operand[] = [];
      while (!this.isP(close)) {
        if (list.length > 0) this.p(',');
        list.push(this.operand());
      }
      this.next();
      c = { kind: 'in', operand: left, list };
    } else if (this.isKw('IS')) {
      this.next();
      const not = this.isKw('NOT');
      if (not) this.next();
      const what = this.next().text.toUpperCase();
      if (left.kind !== 'path' || (what !== 'MISSING' && what !== 'NULL')) throw malformed('Unexpected keyword');
      const base: Condition =
        what === 'MISSING'
          ? { kind: 'function', name: 'attribute_not_exists', args: [left] }
          : {
              kind: 'function',
              name: 'attribute_type',
              args: [left, { kind: 'value', value: { S: 'NULL' }, ref: 'NULL' }],
            };
      c = not ? { kind: 'not', operand: base } : base;
    }
    if (!c) throw this.unexpected();
    return negate ? { kind: 'not', operand: c } : c;
  }
}
