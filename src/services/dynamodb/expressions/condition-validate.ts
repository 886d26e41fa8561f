import { compareScalars } from '../values/compare.js';
import { TYPE_CODES, typeOf } from '../values/types.js';
import { formatPathList, type Condition, type FunctionName, type Operand } from './ast.js';
import { invalidExpression, type DynamoValidationError, type ExpressionKind } from './errors.js';

// Static checks AWS performs after parsing: function placement and arity, operand kinds and the
// types of literal operands, distinct operands, BETWEEN bounds order, IN list length.

export const MAX_IN_OPERANDS = 100;

const CONDITION_FUNCTIONS: ReadonlySet<FunctionName> = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
]);

export const FUNCTION_ARITY: Record<FunctionName, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
  if_not_exists: 2,
  list_append: 2,
};

type Fail = (detail: string) => DynamoValidationError;

function notAllowed(fail: Fail, name: string): DynamoValidationError {
  return fail(`The function is not allowed to be used this way in an expression; function: ${name}`);
}

function operandTypeError(fail: Fail, fn: string, op: Operand): DynamoValidationError | undefined {
  if (op.kind !== 'value') return undefined;
  return fail(
    `Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${typeOf(op.value)}`,
  );
}

function samePath(a: Operand, b: Operand): boolean {
  return a.kind === 'path' && b.kind === 'path' && formatPathList(a.path) === formatPathList(b.path);
}

function checkDistinct(fail: Fail, op: string, first: Operand, rest: Operand[]): void {
  if (first.kind === 'path' && rest.some((r) => samePath(first, r))) {
    throw fail(
      `The first operand must be distinct from the remaining operands for this operator or function; operator: ${op}, first operand: ${formatPathList(first.path)}`,
    );
  }
}

function checkArity(fail: Fail, name: FunctionName, args: Operand[]): void {
  if (args.length !== FUNCTION_ARITY[name]) {
    throw fail(
      `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
    );
  }
}

/** An operand used as a value: only paths, values and size() may appear in conditions. */
function checkOperand(fail: Fail, op: Operand): void {
  if (op.kind === 'arith') throw fail('Syntax error; token: "+", near: ""');
  if (op.kind !== 'call') return;
  if (op.name !== 'size') throw notAllowed(fail, op.name);
  checkArity(fail, 'size', op.args);
  if (op.args[0]!.kind !== 'path') {
    throw fail('Operator or function requires a document path; operator or function: size');
  }
}

function checkOrderable(fail: Fail, opName: string, ops: Operand[]): void {
  for (const op of ops) {
    if (op.kind === 'value' && !['S', 'N', 'B'].includes(typeOf(op.value))) {
      throw operandTypeError(fail, opName, op)!;
    }
  }
}

function checkFunction(fail: Fail, name: FunctionName, args: Operand[]): void {
  if (!CONDITION_FUNCTIONS.has(name)) throw notAllowed(fail, name);
  checkArity(fail, name, args);
  args.forEach((a) => checkOperand(fail, a));
  const [first, second] = args;
  if (first!.kind !== 'path' && name !== 'begins_with' && name !== 'contains') {
    throw fail(`Operator or function requires a document path; operator or function: ${name}`);
  }
  if (name === 'attribute_type') {
    if (second!.kind !== 'value' || !('S' in second!.value)) {
      throw (
        operandTypeError(fail, name, second!) ??
        fail(`Incorrect operand type for operator or function; operator or function: ${name}`)
      );
    }
    if (!(TYPE_CODES as readonly string[]).includes(second.value.S)) {
      throw fail(
        `Invalid attribute type name found in type operand of attribute_type function; type: ${second.value.S}`,
      );
    }
  }
  if (name === 'begins_with') {
    for (const a of args) {
      if (a.kind === 'value' && !('S' in a.value) && !('B' in a.value)) throw operandTypeError(fail, name, a)!;
    }
    checkDistinct(fail, name, first!, [second!]);
  }
  if (name === 'contains') checkDistinct(fail, name, first!, [second!]);
}

export function validateCondition(cond: Condition, kind: ExpressionKind): void {
  const fail: Fail = (detail) => invalidExpression(kind, detail);
  const walk = (c: Condition): void => {
    switch (c.kind) {
      case 'and':
      case 'or':
        walk(c.left);
        walk(c.right);
        return;
      case 'not':
        walk(c.operand);
        return;
      case 'function':
        checkFunction(fail, c.name, c.args);
        return;
      case 'compare':
        checkOperand(fail, c.left);
        checkOperand(fail, c.right);
        if (c.op !== '=' && c.op !== '<>') checkOrderable(fail, c.op, [c.left, c.right]);
        checkDistinct(fail, c.op, c.left, [c.right]);
        return;
      case 'between': {
        [c.operand, c.low, c.high].forEach((o) => checkOperand(fail, o));
        checkOrderable(fail, 'BETWEEN', [c.operand, c.low, c.high]);
        checkDistinct(fail, 'BETWEEN', c.operand, [c.low, c.high]);
        if (c.low.kind === 'value' && c.high.kind === 'value') {
          const order = compareScalars(c.low.value, c.high.value);
          if (order !== undefined && order > 0) {
            throw fail(
              `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {${describeValue(c.low.value)}}, upper bound operand: AttributeValue: {${describeValue(c.high.value)}}`,
            );
          }
        }
        return;
      }
      case 'in':
        if (c.list.length > MAX_IN_OPERANDS) {
          throw fail(`The IN operator is provided with too many operands; number of operands: ${c.list.length}`);
        }
        [c.operand, ...c.list].forEach((o) => checkOperand(fail, o));
        checkDistinct(fail, 'IN', c.operand, c.list);
        return;
    }
  };
  walk(cond);
}

/** "N:5" / "S:abc" as AWS prints scalar AttributeValues inside messages. */
export function describeValue(v: Parameters<typeof typeOf>[0]): string {
  const t = typeOf(v);
  const raw = (v as Record<string, unknown>)[t];
  return `${t}:${Array.isArray(raw) ? `[${raw.join(', ')}]` : String(raw)}`;
}
