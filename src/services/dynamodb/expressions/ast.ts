import type { AttributeValue } from '../values/types.js';

// Expression syntax trees. Names and values are already substituted (#n -> its name, :v -> its
// value); the raw reference text is kept where AWS messages quote it.

export type PathElement = { kind: 'name'; name: string } | { kind: 'index'; index: number };

export interface DocumentPath {
  elements: PathElement[];
}

export type FunctionName =
  | 'attribute_exists'
  | 'attribute_not_exists'
  | 'attribute_type'
  | 'begins_with'
  | 'contains'
  | 'size'
  | 'if_not_exists'
  | 'list_append';

export const FUNCTION_NAMES: readonly FunctionName[] = [
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
  'if_not_exists',
  'list_append',
];

export type Operand =
  | { kind: 'path'; path: DocumentPath }
  | { kind: 'value'; value: AttributeValue; ref: string }
  | { kind: 'call'; name: FunctionName; args: Operand[] }
  | { kind: 'arith'; op: '+' | '-'; left: Operand; right: Operand };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'function'; name: FunctionName; args: Operand[] };

export type UpdateAction =
  | { kind: 'set'; path: DocumentPath; value: Operand }
  | { kind: 'remove'; path: DocumentPath }
  | { kind: 'add'; path: DocumentPath; value: AttributeValue }
  | { kind: 'delete'; path: DocumentPath; value: AttributeValue }
  // Only produced by the legacy AttributeUpdates ADD on a list, which appends.
  | { kind: 'append'; path: DocumentPath; value: AttributeValue };

export interface UpdateExpressionAst {
  actions: UpdateAction[];
}

/** Renders a path the way AWS messages do: "[a, b, [2]]". */
export function formatPathList(path: DocumentPath): string {
  return `[${path.elements.map((e) => (e.kind === 'name' ? e.name : `[${e.index}]`)).join(', ')}]`;
}
