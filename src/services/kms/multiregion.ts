// Multi-Region keys: ReplicateKey copies a primary key (same `mrk-` id and the same material, every version) into
// another Region, so a ciphertext from one Region decrypts in the other; UpdatePrimaryRegion swaps the roles.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { KmsErrors } from './errors.js';
import { checkKeyPolicy, defaultKeyPolicy } from './policy.js';
import { keyArn, type KmsService } from './service.js';
import type { KeyRow } from './store.js';
import { scheduleRotation } from './rotation.js';
import { checkTags } from './tags.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function multiRegionHandlers(
  svc: KmsService,
): Pick<HandlerTable<Operations>, 'ReplicateKey' | 'UpdatePrimaryRegion'> {
  const primaryOf = (value: string, ctx: Parameters<HandlerTable<Operations>['ReplicateKey']>[1]) => {
    const k = svc.resolve(value, ctx, false);
    svc.notPending(k);
    if (k.multi_region === null) throw KmsErrors.unsupported(`${keyArn(k)} is not a multi-Region key.`);
    if (k.multi_region !== 'PRIMARY') throw KmsErrors.unsupported(`${keyArn(k)} is not a multi-Region primary key.`);
    return k;
  };

  return {
    ReplicateKey(input, ctx) {
      const k = primaryOf(input.KeyId, ctx);
      if (!REGION.test(input.ReplicaRegion)) throw KmsErrors.validation(`Region ${input.ReplicaRegion} is not valid.`);
      if (svc.store.key(k.account_id, input.ReplicaRegion, k.key_id))
        throw KmsErrors.alreadyExists(
          `Replica key arn:aws:kms:${input.ReplicaRegion}:${k.account_id}:key/${k.key_id} already exists.`,
        );
      if (input.Policy !== undefined) checkKeyPolicy(input.Policy);
      const tags = checkTags(input.Tags ?? []);
      const replica: KeyRow = {
        ...k,
        region: input.ReplicaRegion,
        created_at: svc.now(),
        state: k.state === 'Disabled' ? 'Disabled' : 'Enabled',
        description: input.Description ?? k.description,
        policy: input.Policy ?? defaultKeyPolicy(k.account_id),
        tags: JSON.stringify(tags),
        multi_region: 'REPLICA',
        deletion_at: null,
        pending_days: null,
        rotation_days: null,
        next_rotation_at: null,
        on_demand_at: null,
      };
      svc.tx(() => {
        svc.save(replica);
        for (const m of svc.store.materials(k))
          svc.store.addMaterial(replica, m.version, m.created_at, m.rotation_type, m.wrapped);
      });
      return { ReplicaKeyMetadata: svc.metadata(replica), ReplicaPolicy: replica.policy, ReplicaTags: tags };
    },

    UpdatePrimaryRegion(input, ctx) {
      const k = primaryOf(input.KeyId, ctx);
      if (input.PrimaryRegion === k.region) return;
      const target = svc.store.key(k.account_id, input.PrimaryRegion, k.key_id);
      if (!target)
        throw KmsErrors.notFound(
          `Key 'arn:aws:kms:${input.PrimaryRegion}:${k.account_id}:key/${k.key_id}' does not exist`,
        );
      svc.notPending(target);
      svc.tx(() => {
        // Rotation is managed by the primary, so its settings move with the role.
        const primary = {
          ...target,
          multi_region: 'PRIMARY',
          rotation_days: k.rotation_days,
          next_rotation_at: k.next_rotation_at,
        };
        const replica = { ...k, multi_region: 'REPLICA', rotation_days: null, next_rotation_at: null };
        svc.save(primary);
        svc.save(replica);
        scheduleRotation(svc, primary);
        scheduleRotation(svc, replica);
      });
    },
  };
}
