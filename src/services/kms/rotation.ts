// Key rotation for symmetric encryption keys. A rotation adds a new backing key version that encrypts from then
// on; ciphertexts name their version, so older ones still decrypt. Automatic rotation is a durable scheduler job
// due at NextRotationDate; RotateKeyOnDemand rotates at once. Multi-Region keys rotate in every Region together.
import type { HandlerTable, RequestContext } from '../types.js';
import type { Operations } from './api.js';
import { KmsErrors } from './errors.js';
import { generateMaterial } from './material.js';
import { page } from './paging.js';
import { keyArn, type KmsService } from './service.js';
import type { KeyRow } from './store.js';

const DAY = 86_400_000;
export const ROTATE_JOB = 'kms.rotate-key';

const jobKey = (k: KeyRow) => `kms-rotate:${k.account_id}:${k.region}:${k.key_id}`;

/** (Re)schedules a key's automatic rotation at its next_rotation_at; call inside the state change's transaction. */
export function scheduleRotation(svc: KmsService, k: KeyRow): void {
  if (k.rotation_days === null || k.next_rotation_at === null) svc.core.scheduler.cancel(jobKey(k));
  else
    svc.core.scheduler.schedule(
      ROTATE_JOB,
      k.next_rotation_at,
      { account: k.account_id, region: k.region, keyId: k.key_id },
      jobKey(k),
    );
}

/** Adds a new material version to the key (and every Region's copy of a multi-Region key). */
function rotate(svc: KmsService, k: KeyRow, type: 'AUTOMATIC' | 'ON_DEMAND'): void {
  const copies = k.multi_region ? svc.store.keyInRegions(k.account_id, k.key_id) : [k];
  const version = (svc.store.latestMaterial(k)?.version ?? 0) + 1;
  const material = generateMaterial(k.key_spec);
  const now = svc.now();
  for (const c of copies) svc.addMaterial(c, version, material, type, now);
}

export function rotationHandlers(
  svc: KmsService,
): Pick<
  HandlerTable<Operations>,
  'EnableKeyRotation' | 'DisableKeyRotation' | 'GetKeyRotationStatus' | 'RotateKeyOnDemand' | 'ListKeyRotations'
> {
  svc.core.scheduler.register(ROTATE_JOB, (payload) => {
    const p = payload as { account: string; region: string; keyId: string };
    svc.tx(() => {
      const k = svc.store.key(p.account, p.region, p.keyId);
      if (!k || k.rotation_days === null || (k.next_rotation_at ?? Infinity) > svc.now()) return;
      // A disabled key is not rotated; KMS rotates it once it is enabled again.
      if (k.state === 'Enabled') rotate(svc, k, 'AUTOMATIC');
      const next = k.state === 'Enabled' ? svc.now() + k.rotation_days * DAY : svc.now() + DAY;
      svc.save({ ...k, next_rotation_at: k.state === 'Enabled' ? next : k.next_rotation_at });
      svc.core.scheduler.schedule(ROTATE_JOB, next, p, jobKey(k));
    });
  });

  /** Rotation applies to symmetric encryption keys only, managed from the primary of a multi-Region key. */
  const rotatable = (value: string, ctx: RequestContext, needEnabled: boolean) => {
    const k = svc.resolve(value, ctx, false);
    if (needEnabled) svc.usable(k);
    else svc.notPending(k);
    if (k.key_spec !== 'SYMMETRIC_DEFAULT')
      throw KmsErrors.unsupported(`${keyArn(k)} key spec ${k.key_spec} does not support automatic key rotation.`);
    if (k.multi_region === 'REPLICA')
      throw KmsErrors.unsupported(`${keyArn(k)} is a multi-Region replica key; rotate its primary key.`);
    return k;
  };

  return {
    EnableKeyRotation(input, ctx) {
      const k = rotatable(input.KeyId, ctx, true);
      const days = input.RotationPeriodInDays ?? 365;
      const next = svc.now() + days * DAY;
      const row = { ...k, rotation_days: days, next_rotation_at: next };
      svc.tx(() => {
        svc.save(row);
        scheduleRotation(svc, row);
      });
    },

    DisableKeyRotation(input, ctx) {
      const k = rotatable(input.KeyId, ctx, true);
      svc.tx(() => {
        svc.save({ ...k, rotation_days: null, next_rotation_at: null });
        svc.core.scheduler.cancel(jobKey(k));
      });
    },

    GetKeyRotationStatus(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      svc.notPending(k);
      if (k.key_spec !== 'SYMMETRIC_DEFAULT')
        throw KmsErrors.unsupported(`${keyArn(k)} key spec ${k.key_spec} does not support automatic key rotation.`);
      const primary =
        k.multi_region === 'REPLICA'
          ? (svc.store.keyInRegions(k.account_id, k.key_id).find((c) => c.multi_region === 'PRIMARY') ?? k)
          : k;
      return {
        KeyRotationEnabled: primary.rotation_days !== null,
        KeyId: keyArn(k),
        ...(primary.rotation_days !== null
          ? { RotationPeriodInDays: primary.rotation_days, NextRotationDate: new Date(primary.next_rotation_at!) }
          : {}),
      };
    },

    RotateKeyOnDemand(input, ctx) {
      const k = rotatable(input.KeyId, ctx, true);
      svc.tx(() => rotate(svc, k, 'ON_DEMAND'));
      return { KeyId: keyArn(k) };
    },

    ListKeyRotations(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      if (k.key_spec !== 'SYMMETRIC_DEFAULT')
        throw KmsErrors.unsupported(`${keyArn(k)} key spec ${k.key_spec} does not support automatic key rotation.`);
      const rotations = svc.store.materials(k).filter((m) => m.rotation_type !== null);
      const p = page(rotations, input.Limit, input.Marker, 100);
      return {
        Rotations: p.items.map((m) => ({
          KeyId: keyArn(k),
          RotationDate: new Date(m.created_at),
          RotationType: m.rotation_type as 'AUTOMATIC' | 'ON_DEMAND',
        })),
        ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}),
        Truncated: p.Truncated,
      };
    },
  };
}
