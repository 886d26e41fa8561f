// AWS Key Management Service: symmetric (AES-256-GCM), RSA, ECC and HMAC keys with real node:crypto operations,
// aliases, grants, key policies (evaluated by the authorizer, with grants folded in), rotation, deletion
// scheduling and multi-Region keys. Key material is stored wrapped under the state dir's master key (master.ts).
import { model } from '../../../generated/kms/model.js';
import type { HandlerTable, ServiceDefinition, ServiceInstance } from '../types.js';
import { aliasHandlers } from './aliases.js';
import type { Operations } from './api.js';
import { makeKmsAuthorization } from './authz.js';
import { encryptHandlers } from './encrypt.js';
import { grantHandlers } from './grants.js';
import { keyHandlers } from './keys.js';
import { migrations } from './schema.js';
import { multiRegionHandlers } from './multiregion.js';
import { notImplementedHandlers } from './not-implemented.js';
import { effectivePolicy } from './policy.js';
import { rotationHandlers } from './rotation.js';
import { KmsService, parseKeyRef } from './service.js';
import { signHandlers } from './sign.js';
import { tagHandlers } from './tags.js';

// The authorization hook runs outside any instance; it reads keys through the instance created last.
let current: KmsService | undefined;

export const kms: ServiceDefinition = {
  name: 'kms',
  model,
  migrations,
  validationStyle: 'coral',
  authorization: makeKmsAuthorization(() => current),
  create(core): ServiceInstance {
    const svc = new KmsService(core);
    current = svc;
    const handlers: HandlerTable<Operations> = {
      ...keyHandlers(svc),
      ...rotationHandlers(svc),
      ...tagHandlers(svc),
      ...aliasHandlers(svc),
      ...encryptHandlers(svc),
      ...signHandlers(svc),
      ...grantHandlers(svc),
      ...multiRegionHandlers(svc),
      ...notImplementedHandlers(),
    };
    const keyOf = (arn: string) => {
      try {
        const ref = parseKeyRef(arn, { accountId: '', region: '' });
        return ref.keyId !== undefined ? svc.store.key(ref.account, ref.region, ref.keyId) : undefined;
      } catch {
        return undefined;
      }
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      close: () => {
        if (current === svc) current = undefined;
      },
      // The key policy with the key's grants folded in (policy.ts); the authorizer requires it to allow.
      resourcePolicy: (arn) => {
        const k = keyOf(arn);
        return k ? effectivePolicy(k.policy, svc.store.grantsOf(k.account_id, k.region, k.key_id)) : undefined;
      },
      resourceTags: (arn) => {
        const k = keyOf(arn);
        return k ? Object.fromEntries(svc.tags(k).map((t) => [t.TagKey, t.TagValue])) : undefined;
      },
    };
  },
};
