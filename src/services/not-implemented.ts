// Operations a service does not serve yet: each answers AWS-shaped NotImplemented naming the operation, so a
// client gets a clear error instead of a pretend success (the coverage tables list them).
import { CommonErrors } from '../protocol/errors.js';

export function notImplementedTable<Op extends string>(ops: readonly Op[]): Record<Op, () => never> {
  const out = {} as Record<Op, () => never>;
  for (const op of ops) {
    out[op] = () => {
      throw CommonErrors.notImplemented(op);
    };
  }
  return out;
}
