// AWS Security Token Service: caller identity, role sessions and session tokens. Its state (sessions) lives in
// the IAM directory's tables, migrated by the IAM service.
import { model } from '../../../generated/sts/model.js';
import { withNotImplemented } from '../iam/unimplemented.js';
import type { ServiceDefinition, ServiceInstance } from '../types.js';
import { stsAuthorization } from './authz.js';
import { stsHandlers } from './service.js';

export const sts: ServiceDefinition = {
  name: 'sts',
  model,
  migrations: [],
  validationStyle: 'coral',
  authorization: stsAuthorization,
  create(core): ServiceInstance {
    return { handlers: withNotImplemented(model, stsHandlers(core) as Record<string, never>) };
  },
};
