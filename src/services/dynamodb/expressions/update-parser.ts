import { LONG_TYPE_NAMES, typeOf, type AttributeValue } from '../values/types.js';
import type { DocumentPath, Operand, UpdateAction, UpdateExpressionAst } from './ast.js';
import type { ExpressionAttributes } from './attributes.js';
import { FUNCTION_ARITY } from './condition-validate.js';
import { invalidExpression } from './errors.js';
import { checkPathOverlaps } from './overlap.js';
import { ExpressionParser } from './parser.js';

// UpdateExpression grammar:
//   update := ( SET set (',' set)* | REMOVE path (',' path)* | ADD path :v (',' ...)* | DELETE path :v ... )+
//   set    := path '=' value ;  value := operand ( ('+' | '-') operand )?
// Each clause may appear once, in any order.

const UPDATE_KEYWORDS = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);
const KIND = 'UpdateExpression';

class UpdateParser extends ExpressionParser {
  constructor(src: string, attrs: ExpressionAttributes) {
    super(src, KIND, attrs, UPDATE_KEYWORDS);
  }

  parseAll(): UpdateExpressionAst {
    const actions: UpdateAction[] = [];
    const seen = new Set<string>();
    do {
      const t = this.peek();
      const clause = t.kind === 'name' ? t.text.toUpperCase() : '';
      if (!UPDATE_KEYWORDS.has(clause)) throw this.syntaxError();
      this.pos++;
      if (seen.has(clause)) this.defer(`The "${clause}" section can only be used once in an update expression;`);
      seen.add(clause);
      actions.push(this.parseAction(clause));
      while (this.isPunct(',')) {
        this.pos++;
        actions.push(this.parseAction(clause));
      }
    } while (this.peek().kind !== 'eof');
    this.flushDeferred();
    return { actions };
  }

  private parseAction(clause: string): UpdateAction {
    const path = this.parsePath();
    if (clause === 'SET') {
      this.expectPunct('=');
      return { kind: 'set', path, value: this.parseSetValue() };
    }
    if (clause === 'REMOVE') return { kind: 'remove', path };
    if (this.peek().kind !== 'attrValue') throw this.syntaxError();
    const operand = this.parseValueRef();
    const value = operand.kind === 'value' ? operand.value : { NULL: true as const };
    return { kind: clause === 'ADD' ? 'add' : 'delete', path, value };
  }

  private parseSetValue(): Operand {
    const left = this.parseOperand();
    if (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().text as '+' | '-';
      return { kind: 'arith', op, left, right: this.parseOperand() };
    }
    return left;
  }
}

function fail(detail: string): Error {
  return invalidExpression(KIND, detail);
}

function literalType(fn: string, op: Operand, allowed: string[]): void {
  if (op.kind === 'value' && !allowed.includes(typeOf(op.value))) {
    throw fail(
      `Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${typeOf(op.value)}`,
    );
  }
}

function checkSetOperand(op: Operand): void {
  if (op.kind === 'arith') {
    [op.left, op.right].forEach(checkSetOperand);
    [op.left, op.right].forEach((o) => literalType(op.op, o, ['N']));
    return;
  }
  if (op.kind !== 'call') return;
  if (op.name !== 'if_not_exists' && op.name !== 'list_append') {
    throw fail(`The function is not allowed in an update expression; function: ${op.name}`);
  }
  if (op.args.length !== FUNCTION_ARITY[op.name]) {
    throw fail(
      `Incorrect number of operands for operator or function; operator or function: ${op.name}, number of operands: ${op.args.length}`,
    );
  }
  op.args.forEach(checkSetOperand);
  if (op.name === 'if_not_exists' && op.args[0]!.kind !== 'path') {
    throw fail('Operator or function requires a document path; operator or function: if_not_exists');
  }
  if (op.name === 'list_append') op.args.forEach((a) => literalType('list_append', a, ['L']));
}

function checkSetOperandValue(action: 'ADD' | 'DELETE', v: AttributeValue, allowed: string[]): void {
  if (!allowed.includes(typeOf(v))) {
    throw fail(
      `Incorrect operand type for operator or function; operator: ${action}, operand type: ${LONG_TYPE_NAMES[typeOf(v)]}, typeSet: ALLOWED_FOR_${action}_OPERAND`,
    );
  }
}

/** Parses and statically validates an UpdateExpression. */
export function parseUpdate(expression: string, attrs: ExpressionAttributes): UpdateExpressionAst {
  const ast = new UpdateParser(expression, attrs).parseAll();
  for (const a of ast.actions) {
    if (a.kind === 'set') checkSetOperand(a.value);
    if (a.kind === 'add') checkSetOperandValue('ADD', a.value, ['N', 'SS', 'NS', 'BS']);
    if (a.kind === 'delete') checkSetOperandValue('DELETE', a.value, ['SS', 'NS', 'BS']);
  }
  checkPathOverlaps(
    ast.actions.map((a): DocumentPath => a.path),
    KIND,
  );
  return ast;
}
