// Operations a service does not implement answer NotImplemented (never a fake success): fills the handler table's
// gaps from the model's operation list.
import { CommonErrors } from '../../protocol/errors.js';
import type { ServiceModel } from '../../protocol/model.js';
import type { OperationHandler, ServiceInstance } from '../types.js';

export function withNotImplemented(
  model: ServiceModel,
  handlers: Record<string, OperationHandler<never, unknown> | undefined>,
): ServiceInstance['handlers'] {
  const out: ServiceInstance['handlers'] = {};
  for (const op of Object.keys(model.operations)) {
    out[op] =
      handlers[op] ??
      (() => {
        throw CommonErrors.notImplemented(op);
      });
  }
  return out;
}
