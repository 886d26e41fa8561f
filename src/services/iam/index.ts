// AWS Identity and Access Management: users, groups, roles, managed and inline policies, access keys (known to
// SigV4 once issued), instance profiles, account settings and the policy simulator. IAM is global: state is per
// account, whatever the region a request was signed for.
import { model } from '../../../generated/iam/model.js';
import { iamArn } from '../../iam/ids.js';
import { migrations } from '../../iam/schema.js';
import type { CoreServices, ServiceDefinition, ServiceInstance } from '../types.js';
import { accountHandlers } from './account.js';
import type { Handlers } from './api.js';
import { makeIamAuthorization } from './authz.js';
import { groupHandlers } from './groups.js';
import { keyHandlers } from './keys.js';
import { permissionHandlers } from './permissions.js';
import { policyHandlers } from './policies.js';
import { profileHandlers } from './profiles.js';
import { roleHandlers } from './roles.js';
import { IamService } from './service.js';
import { simulateHandlers } from './simulate.js';
import { withNotImplemented } from './unimplemented.js';
import { userHandlers } from './users.js';

let current: CoreServices | undefined;

const ENTITY = /^arn:aws:iam::(\d{12}):(user|role|policy)(\/.*\/|\/)([^/]+)$/;

export const iam: ServiceDefinition = {
  name: 'iam',
  model,
  migrations,
  validationStyle: 'coral',
  authorization: makeIamAuthorization(() => current),
  create(core): ServiceInstance {
    current = core;
    const svc = new IamService(core);
    const handlers: Handlers = {
      ...userHandlers(svc),
      ...groupHandlers(svc),
      ...roleHandlers(svc),
      ...policyHandlers(svc),
      ...permissionHandlers(svc),
      ...keyHandlers(svc),
      ...profileHandlers(svc),
      ...accountHandlers(svc),
      ...simulateHandlers(svc),
    };
    const entity = (arn: string) => {
      const m = ENTITY.exec(arn);
      if (!m) return undefined;
      const rec = svc.store.get(m[1]!, m[2] as 'user' | 'role' | 'policy', m[4]!);
      return rec && iamArn(m[1]!, m[2]!, rec.path, rec.name) === arn ? rec : undefined;
    };
    return {
      handlers: withNotImplemented(model, handlers as Record<string, never>),
      // A role's trust policy is its resource policy (sts:AssumeRole is authorized against it).
      resourcePolicy: (arn) => {
        const rec = entity(arn);
        return rec && 'trust' in rec ? rec.trust : undefined;
      },
      resourceTags: (arn) => {
        const rec = entity(arn);
        return rec && 'tags' in rec ? Object.fromEntries(rec.tags.map((t) => [t.Key, t.Value])) : undefined;
      },
    };
  },
};
