// AWS Organizations: one organization per management account (global, region-independent), its tree of OUs
// and accounts, asynchronous account creation, policies (SCPs, RCPs, management policy types) with attachments
// and effective policies, delegated administrators, trusted service access and invitations. The policy engine
// reads the hierarchy through `organizationView`.
import type { ServiceDefinition, ServiceInstance, HandlerTable } from '../types.js';
import { model } from '../../../generated/organizations/model.js';
import type { Operations } from './api.js';
import { migrations } from './schema.js';
import { OrgService } from './service.js';
import { organizationHandlers } from './organization.js';
import { accountHandlers } from './accounts.js';
import { AccountFactory } from './create-account.js';
import { ouHandlers } from './ous.js';
import { policyHandlers } from './policies.js';
import { policyTypeHandlers } from './policy-types.js';
import { effectiveHandlers } from './effective.js';
import { delegatedHandlers } from './delegated.js';
import { handshakeHandlers } from './handshakes.js';
import { tagHandlers } from './tags.js';
import { formatValidation } from './validation.js';

export const organizations: ServiceDefinition = {
  name: 'organizations',
  model,
  migrations,
  validationStyle: 'coral',
  formatValidation: (violations) => formatValidation(violations),
  create(core): ServiceInstance {
    const svc = new OrgService(core);
    const factory = new AccountFactory(svc);
    const handlers: HandlerTable<Operations> = {
      ...organizationHandlers(svc),
      ...accountHandlers(svc),
      ...factory.handlers(),
      ...ouHandlers(svc),
      ...policyHandlers(svc),
      ...policyTypeHandlers(svc),
      ...effectiveHandlers(svc),
      ...delegatedHandlers(svc),
      ...handshakeHandlers(svc),
      ...tagHandlers(svc),
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      organizationView: svc.view,
      health: () => ({ accessRoleFailures: factory.roleFailures }),
    };
  },
};
