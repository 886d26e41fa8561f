import { setMemberEquals } from '../values/compare.js';
import { addNumbers, subtractNumbers } from '../values/decimal.js';
import { typeOf, type AttributeValue, type Item } from '../values/types.js';
import type { Operand, UpdateAction, UpdateExpressionAst } from './ast.js';
import { DynamoValidationError } from './errors.js';
import { cloneItem, cloneValue, getPath, INVALID_UPDATE_PATH, parentExists, removePath, setPath } from './paths.js';

// Applying an update. Every right-hand side reads the item as it was before the update (actions
// cannot overlap, so this only matters for SET a = b, b = a style swaps); SETs are applied first,
// then REMOVEs (list indexes from the highest down, so they refer to the original positions), then
// ADD and DELETE.

export const MISSING_ATTRIBUTE = 'The provided expression refers to an attribute that does not exist in the item';
export const WRONG_OPERAND_TYPE = 'An operand in the update expression has an incorrect data type';

function err(message: string): never {
  throw new DynamoValidationError(message);
}

function evaluateSetValue(op: Operand, item: Item): AttributeValue {
  switch (op.kind) {
    case 'value':
      return cloneValue(op.value);
    case 'path': {
      const v = getPath(item, op.path);
      return v === undefined ? err(MISSING_ATTRIBUTE) : cloneValue(v);
    }
    case 'arith': {
      const l = evaluateSetValue(op.left, item);
      const r = evaluateSetValue(op.right, item);
      if (!('N' in l) || !('N' in r)) err(WRONG_OPERAND_TYPE);
      return { N: op.op === '+' ? addNumbers(l.N, r.N) : subtractNumbers(l.N, r.N) };
    }
    case 'call': {
      if (op.name === 'if_not_exists') {
        const first = op.args[0]!;
        const existing = first.kind === 'path' ? getPath(item, first.path) : undefined;
        return existing !== undefined ? cloneValue(existing) : evaluateSetValue(op.args[1]!, item);
      }
      const l = evaluateSetValue(op.args[0]!, item);
      const r = evaluateSetValue(op.args[1]!, item);
      if (!('L' in l) || !('L' in r)) err(WRONG_OPERAND_TYPE);
      return { L: [...l.L, ...r.L] };
    }
  }
}

function setMembers(v: AttributeValue): string[] {
  if ('SS' in v) return v.SS;
  if ('NS' in v) return v.NS;
  if ('BS' in v) return v.BS;
  return [];
}

function withMembers(type: 'SS' | 'NS' | 'BS', members: string[]): AttributeValue {
  return type === 'SS' ? { SS: members } : type === 'NS' ? { NS: members } : { BS: members };
}

function applyAdd(item: Item, action: Extract<UpdateAction, { kind: 'add' | 'append' }>): void {
  const existing = getPath(item, action.path);
  if (existing === undefined) {
    if (!parentExists(item, action.path)) err(INVALID_UPDATE_PATH);
    setPath(item, action.path, cloneValue(action.value));
    return;
  }
  const t = typeOf(action.value);
  if (typeOf(existing) !== t) err(WRONG_OPERAND_TYPE);
  if ('N' in existing && 'N' in action.value) {
    setPath(item, action.path, { N: addNumbers(existing.N, action.value.N) });
  } else if ('L' in existing && 'L' in action.value) {
    setPath(item, action.path, { L: [...existing.L, ...cloneValue(action.value).L] });
  } else if (t === 'SS' || t === 'NS' || t === 'BS') {
    const merged = [...setMembers(existing)];
    for (const m of setMembers(action.value)) if (!merged.some((x) => setMemberEquals(t, x, m))) merged.push(m);
    setPath(item, action.path, withMembers(t, merged));
  } else {
    err(WRONG_OPERAND_TYPE);
  }
}

function applyDelete(item: Item, action: Extract<UpdateAction, { kind: 'delete' }>): void {
  const existing = getPath(item, action.path);
  if (existing === undefined) {
    if (!parentExists(item, action.path)) err(INVALID_UPDATE_PATH);
    return;
  }
  const t = typeOf(action.value);
  if (typeOf(existing) !== t || (t !== 'SS' && t !== 'NS' && t !== 'BS')) err(WRONG_OPERAND_TYPE);
  const remove = setMembers(action.value);
  const left = setMembers(existing).filter((m) => !remove.some((r) => setMemberEquals(t, m, r)));
  // Sets cannot be empty: deleting the last members removes the attribute.
  if (left.length === 0) removePath(item, action.path);
  else setPath(item, action.path, withMembers(t, left));
}

function lastIndex(a: UpdateAction): number {
  const last = a.path.elements[a.path.elements.length - 1]!;
  return last.kind === 'index' ? last.index : -1;
}

/** Returns the updated copy of `item` (pass {} for an item that does not exist yet). */
export function applyUpdate(ast: UpdateExpressionAst, item: Item): Item {
  const original = item;
  const out = cloneItem(item);
  const sets = ast.actions.filter((a) => a.kind === 'set');
  const values = sets.map((a) => evaluateSetValue(a.value, original));
  sets.forEach((a, i) => setPath(out, a.path, values[i]!));
  const removes = ast.actions.filter((a) => a.kind === 'remove');
  removes.sort((a, b) => lastIndex(b) - lastIndex(a)).forEach((a) => removePath(out, a.path));
  for (const a of ast.actions) {
    if (a.kind === 'add' || a.kind === 'append') applyAdd(out, a);
    else if (a.kind === 'delete') applyDelete(out, a);
  }
  return out;
}
