// Key lifecycle: CreateKey, DescribeKey, ListKeys, enable/disable, deletion scheduling (a durable job deletes the
// key when its waiting period ends), descriptions and key policies.
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable } from '../types.js';
import type { CreateKeyRequest, Operations } from './api.js';
import { KmsErrors } from './errors.js';
import { generateMaterial } from './material.js';
import { page } from './paging.js';
import { checkKeyPolicy, defaultKeyPolicy } from './policy.js';
import { keyArn, type KmsService } from './service.js';
import { SPECS } from './specs.js';
import type { KeyRow } from './store.js';
import { checkTags } from './tags.js';

type H = HandlerTable<Operations>;
const DAY = 86_400_000;
export const DELETE_JOB = 'kms.delete-key';

export function deleteJobKey(k: KeyRow): string {
  return `kms-delete:${k.account_id}:${k.region}:${k.key_id}`;
}

function specAndUsage(input: CreateKeyRequest): { spec: string; usage: string } {
  if (input.KeySpec && input.CustomerMasterKeySpec)
    throw KmsErrors.validation('You cannot specify KeySpec and CustomerMasterKeySpec in the same request.');
  const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const usage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
  if (spec === 'SM2' || usage === 'KEY_AGREEMENT') throw CommonErrors.notImplemented(`CreateKey with ${spec}/${usage}`);
  const info = SPECS[spec as keyof typeof SPECS];
  if (!info) throw KmsErrors.validation(`KeySpec ${spec} is not supported.`);
  if (!info.usages.includes(usage as never))
    throw KmsErrors.validation(
      `The operation failed because the KeyUsage value of the CMK is ${usage}. To perform this operation, the KeyUsage value must be ${info.usages.join(' or ')}.`,
    );
  return { spec, usage };
}

export function keyHandlers(
  svc: KmsService,
): Pick<
  H,
  | 'CreateKey'
  | 'DescribeKey'
  | 'ListKeys'
  | 'EnableKey'
  | 'DisableKey'
  | 'ScheduleKeyDeletion'
  | 'CancelKeyDeletion'
  | 'UpdateKeyDescription'
  | 'GetKeyPolicy'
  | 'PutKeyPolicy'
  | 'ListKeyPolicies'
> {
  svc.core.scheduler.register(DELETE_JOB, (payload) => {
    const p = payload as { account: string; region: string; keyId: string };
    svc.tx(() => {
      const k = svc.store.key(p.account, p.region, p.keyId);
      if (k && k.state === 'PendingDeletion' && (k.deletion_at ?? Infinity) <= svc.now())
        svc.store.deleteKey(p.account, p.region, p.keyId);
    });
  });

  const manageable = (value: string, ctx: Parameters<H['EnableKey']>[1]) => {
    const k = svc.resolve(value, ctx, false);
    svc.notPending(k);
    return k;
  };

  return {
    CreateKey(input, ctx) {
      const origin = input.Origin ?? 'AWS_KMS';
      if (origin !== 'AWS_KMS') throw CommonErrors.notImplemented(`CreateKey with Origin ${origin}`);
      if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined)
        throw CommonErrors.notImplemented('CreateKey in a custom key store');
      const { spec, usage } = specAndUsage(input);
      if (input.Policy !== undefined) checkKeyPolicy(input.Policy);
      const tags = checkTags(input.Tags ?? []);
      const material = generateMaterial(spec);
      const multi = input.MultiRegion === true;
      const row: KeyRow = {
        account_id: ctx.accountId,
        region: ctx.region,
        key_id: svc.newKeyId(multi),
        created_at: svc.now(),
        state: 'Enabled',
        description: input.Description ?? '',
        key_usage: usage,
        key_spec: spec,
        origin,
        policy: input.Policy ?? defaultKeyPolicy(ctx.accountId),
        tags: JSON.stringify(tags),
        multi_region: multi ? 'PRIMARY' : null,
        deletion_at: null,
        pending_days: null,
        rotation_days: null,
        next_rotation_at: null,
        on_demand_at: null,
      };
      svc.tx(() => {
        svc.save(row);
        svc.addMaterial(row, 1, material, null);
      });
      return { KeyMetadata: svc.metadata(row) };
    },

    DescribeKey(input, ctx) {
      return { KeyMetadata: svc.metadata(svc.resolve(input.KeyId, ctx)) };
    },

    ListKeys(input, ctx) {
      const keys = svc.store.keys(ctx.accountId, ctx.region);
      const p = page(keys, input.Limit, input.Marker, 1000);
      return {
        Keys: p.items.map((k) => ({ KeyId: k.key_id, KeyArn: keyArn(k) })),
        ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}),
        Truncated: p.Truncated,
      };
    },

    EnableKey(input, ctx) {
      const k = manageable(input.KeyId, ctx);
      svc.tx(() => svc.save({ ...k, state: 'Enabled' }));
    },

    DisableKey(input, ctx) {
      const k = manageable(input.KeyId, ctx);
      svc.tx(() => svc.save({ ...k, state: 'Disabled' }));
    },

    ScheduleKeyDeletion(input, ctx) {
      const k = manageable(input.KeyId, ctx);
      const days = input.PendingWindowInDays ?? 30;
      if (days < 7 || days > 30)
        throw KmsErrors.validation(
          `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value ${days < 7 ? 'greater than or equal to 7' : 'less than or equal to 30'}`,
        );
      const due = svc.now() + days * DAY;
      const next: KeyRow = { ...k, state: 'PendingDeletion', deletion_at: due, pending_days: days };
      svc.tx(() => {
        svc.save(next);
        svc.core.scheduler.schedule(
          DELETE_JOB,
          due,
          { account: k.account_id, region: k.region, keyId: k.key_id },
          deleteJobKey(k),
        );
      });
      return { KeyId: keyArn(k), DeletionDate: new Date(due), KeyState: 'PendingDeletion', PendingWindowInDays: days };
    },

    CancelKeyDeletion(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      if (k.state !== 'PendingDeletion') throw KmsErrors.invalidState(`${keyArn(k)} is not pending deletion.`);
      svc.tx(() => {
        svc.save({ ...k, state: 'Disabled', deletion_at: null, pending_days: null });
        svc.core.scheduler.cancel(deleteJobKey(k));
      });
      return { KeyId: keyArn(k) };
    },

    UpdateKeyDescription(input, ctx) {
      const k = manageable(input.KeyId, ctx);
      svc.tx(() => svc.save({ ...k, description: input.Description }));
    },

    GetKeyPolicy(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      const name = input.PolicyName ?? 'default';
      if (name !== 'default') throw KmsErrors.notFound('No such policy exists');
      return { Policy: k.policy, PolicyName: 'default' };
    },

    PutKeyPolicy(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      svc.notPending(k);
      const name = input.PolicyName ?? 'default';
      if (name !== 'default') throw KmsErrors.notFound('No such policy exists');
      checkKeyPolicy(input.Policy);
      svc.tx(() => svc.save({ ...k, policy: input.Policy }));
    },

    ListKeyPolicies(input, ctx) {
      svc.resolve(input.KeyId, ctx, false);
      const p = page(['default'], input.Limit, input.Marker, 100);
      return { PolicyNames: p.items, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}), Truncated: p.Truncated };
    },
  };
}
