import { typeOf } from '../values/types.js';
import { validateAttributeValue } from '../values/validate.js';
import type { UpdateAction, UpdateExpressionAst } from './ast.js';
import { DynamoValidationError, INVALID_PARAM } from './errors.js';

// Legacy AttributeUpdates (PUT / ADD / DELETE per attribute) as an update tree. ADD on a list
// appends, which UpdateExpression's ADD cannot do, hence the dedicated `append` action.

export interface AttributeValueUpdate {
  Action?: string;
  Value?: unknown;
}

function fail(detail: string): never {
  throw new DynamoValidationError(INVALID_PARAM + detail);
}

export function attributeUpdatesToAst(updates: Record<string, AttributeValueUpdate>): UpdateExpressionAst {
  const actions = Object.entries(updates).map(([name, u]): UpdateAction => {
    const path = { elements: [{ kind: 'name' as const, name }] };
    const action = u.Action ?? 'PUT';
    if (!['PUT', 'ADD', 'DELETE'].includes(action)) fail(`Unsupported operator on Action: ${action}`);
    if (u.Value === undefined) {
      if (action !== 'DELETE') fail('Only DELETE action is allowed when no attribute value is specified');
      return { kind: 'remove', path };
    }
    const value = validateAttributeValue(u.Value);
    const t = typeOf(value);
    if (action === 'PUT') return { kind: 'set', path, value: { kind: 'value', value, ref: '' } };
    if (action === 'DELETE') {
      if (t !== 'SS' && t !== 'NS' && t !== 'BS') fail(`DELETE action with value is not supported for the type ${t}`);
      return { kind: 'delete', path, value };
    }
    if (t === 'L') return { kind: 'append', path, value };
    if (!['N', 'SS', 'NS', 'BS'].includes(t)) fail(`ADD action is not supported for the type ${t}`);
    return { kind: 'add', path, value };
  });
  return { actions };
}
