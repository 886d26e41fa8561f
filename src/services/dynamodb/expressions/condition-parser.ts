import type { Comparator, Condition, Operand } from './ast.js';
import type { ExpressionAttributes } from './attributes.js';
import { validateCondition } from './condition-validate.js';
import type { ExpressionKind } from './errors.js';
import { ExpressionParser } from './parser.js';

// Condition grammar, loosest binding first (per the developer guide's precedence list):
//   or   := and ( OR and )*
//   and  := not ( AND not )*
//   not  := NOT not | '(' or ')' | predicate
//   predicate := operand comparator operand | operand BETWEEN operand AND operand
//              | operand IN '(' operand (',' operand)* ')' | function '(' ... ')'

const CONDITION_KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
const COMPARATORS: readonly string[] = ['=', '<>', '<', '<=', '>', '>='];

export class ConditionParser extends ExpressionParser {
  // Nodes produced directly by a parenthesized group, to spot "((a = b))".
  private readonly grouped = new WeakSet<Condition>();

  constructor(src: string, kind: ExpressionKind, attrs: ExpressionAttributes) {
    super(src, kind, attrs, CONDITION_KEYWORDS);
  }

  parseAll(): Condition {
    const cond = this.parseOr();
    this.expectEnd();
    this.flushDeferred();
    validateCondition(cond, this.kind);
    return cond;
  }

  private parseOr(): Condition {
    let left = this.parseAnd();
    while (this.isKeyword('OR')) {
      this.pos++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseNot();
    while (this.isKeyword('AND')) {
      this.pos++;
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Condition {
    if (this.isKeyword('NOT')) {
      this.pos++;
      return { kind: 'not', operand: this.parseNot() };
    }
    if (this.isPunct('(')) {
      this.pos++;
      const inner = this.parseOr();
      this.expectPunct(')');
      if (this.grouped.has(inner)) this.defer('The expression has redundant parentheses;');
      // A fresh wrapper object would lose identity; mark the inner node itself as grouped.
      this.grouped.add(inner);
      return inner;
    }
    return this.parsePredicate();
  }

  private parsePredicate(): Condition {
    const left: Operand = this.parseOperand();
    const t = this.peek();
    if (t.kind === 'punct' && COMPARATORS.includes(t.text)) {
      this.pos++;
      return { kind: 'compare', op: t.text as Comparator, left, right: this.parseOperand() };
    }
    if (this.isKeyword('BETWEEN')) {
      this.pos++;
      const low = this.parseOperand();
      if (!this.isKeyword('AND')) throw this.syntaxError();
      this.pos++;
      return { kind: 'between', operand: left, low, high: this.parseOperand() };
    }
    if (this.isKeyword('IN')) {
      this.pos++;
      this.expectPunct('(');
      const list = [this.parseOperand()];
      while (this.isPunct(',')) {
        this.pos++;
        list.push(this.parseOperand());
      }
      this.expectPunct(')');
      return { kind: 'in', operand: left, list };
    }
    if (left.kind === 'call') return { kind: 'function', name: left.name, args: left.args };
    throw this.syntaxError();
  }
}

/** Parses a ConditionExpression (or FilterExpression / KeyConditionExpression text) into a tree. */
export function parseCondition(
  expression: string,
  attrs: ExpressionAttributes,
  kind: ExpressionKind = 'ConditionExpression',
): Condition {
  return new ConditionParser(expression, kind, attrs).parseAll();
}
