// Grants: CreateGrant/ListGrants/ListRetirableGrants/RetireGrant/RevokeGrant. A grant lets its grantee principal
// perform its operations on one key (within its encryption-context constraints); policy.ts turns grants into key
// policy statements so the authorizer lets grantees in. RetireGrant is authorized by the grant itself (here).
import { randomBytes } from 'node:crypto';
import { accessDenied } from '../../iam/authorizer.js';
import type { HandlerTable, RequestContext } from '../types.js';
import type { GrantListEntry, GrantOperation, Operations } from './api.js';
import { KmsErrors } from './errors.js';
import { page } from './paging.js';
import { keyArn, type KmsService } from './service.js';
import type { GrantRow, KeyRow } from './store.js';

const COMMON: GrantOperation[] = ['DescribeKey', 'CreateGrant', 'RetireGrant'];
function allowedOps(k: KeyRow): GrantOperation[] {
  if (k.key_usage === 'SIGN_VERIFY') return [...COMMON, 'Sign', 'Verify', 'GetPublicKey'];
  if (k.key_usage === 'GENERATE_VERIFY_MAC') return [...COMMON, 'GenerateMac', 'VerifyMac'];
  if (k.key_spec !== 'SYMMETRIC_DEFAULT')
    return [...COMMON, 'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey'];
  return [
    ...COMMON,
    'Encrypt',
    'Decrypt',
    'ReEncryptFrom',
    'ReEncryptTo',
    'GenerateDataKey',
    'GenerateDataKeyWithoutPlaintext',
    'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext',
  ];
}

/** Whether a grant names the caller: its exact ARN, or the role behind an assumed-role session. */
export function namesCaller(principal: string | null, callerArn: string): boolean {
  if (!principal) return false;
  if (principal === callerArn) return true;
  const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(callerArn);
  return !!m && new RegExp(`^arn:aws:iam::${m[1]}:role/(.*/)?${m[2]}$`).test(principal);
}

function entry(g: GrantRow): GrantListEntry {
  return {
    KeyId: `arn:aws:kms:${g.region}:${g.account_id}:key/${g.key_id}`,
    GrantId: g.grant_id,
    ...(g.name ? { Name: g.name } : {}),
    CreationDate: new Date(g.created_at),
    GranteePrincipal: g.grantee,
    ...(g.retiring ? { RetiringPrincipal: g.retiring } : {}),
    IssuingAccount: `arn:aws:iam::${g.issuing_account}:root`,
    Operations: JSON.parse(g.operations) as GrantOperation[],
    ...(g.constraints ? { Constraints: JSON.parse(g.constraints) as GrantListEntry['Constraints'] } : {}),
  };
}

export function grantHandlers(
  svc: KmsService,
): Pick<
  HandlerTable<Operations>,
  'CreateGrant' | 'ListGrants' | 'ListRetirableGrants' | 'RetireGrant' | 'RevokeGrant'
> {
  const paged = (rows: GrantRow[], limit?: number, marker?: string) => {
    const p = page(rows, limit, marker, 50);
    return {
      Grants: p.items.map(entry),
      ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}),
      Truncated: p.Truncated,
    };
  };

  const retire = (g: GrantRow, ctx: RequestContext) => {
    const ops = JSON.parse(g.operations) as string[];
    const allowed =
      namesCaller(g.retiring, ctx.principal.arn) ||
      (ops.includes('RetireGrant') && namesCaller(g.grantee, ctx.principal.arn)) ||
      ctx.accountId === g.account_id;
    if (!allowed)
      throw accessDenied(
        `User: ${ctx.principal.arn} is not authorized to perform: kms:RetireGrant on resource: arn:aws:kms:${g.region}:${g.account_id}:key/${g.key_id} because the grant does not allow it`,
        ctx,
      );
    svc.tx(() => svc.store.deleteGrant(g.account_id, g.region, g.grant_id));
  };

  return {
    CreateGrant(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      svc.usable(k);
      const allowed = allowedOps(k);
      const bad = input.Operations.filter((o) => !allowed.includes(o));
      if (bad.length > 0 || input.Operations.length === 0)
        throw KmsErrors.validation(`Grant operations ${bad.join(', ')} are not valid for ${keyArn(k)}.`);
      const c = input.Constraints;
      if (c?.EncryptionContextEquals && c.EncryptionContextSubset)
        throw KmsErrors.validation(
          'Grant constraints cannot include both EncryptionContextEquals and EncryptionContextSubset.',
        );
      const row: GrantRow = {
        account_id: k.account_id,
        region: k.region,
        grant_id: randomBytes(32).toString('hex'),
        key_id: k.key_id,
        token: randomBytes(48).toString('base64url'),
        name: input.Name ?? null,
        created_at: svc.now(),
        grantee: input.GranteePrincipal,
        retiring: input.RetiringPrincipal ?? null,
        issuing_account: ctx.accountId,
        operations: JSON.stringify(input.Operations),
        constraints: c ? JSON.stringify(c) : null,
      };
      if (input.DryRun) throw KmsErrors.dryRun();
      // Name makes CreateGrant idempotent: identical parameters return the existing grant.
      if (row.name) {
        const same = svc.store
          .grantsOf(k.account_id, k.region, k.key_id)
          .find(
            (g) =>
              g.name === row.name &&
              g.grantee === row.grantee &&
              g.retiring === row.retiring &&
              g.operations === row.operations &&
              g.constraints === row.constraints,
          );
        if (same) return { GrantId: same.grant_id, GrantToken: same.token };
      }
      svc.tx(() => svc.store.addGrant(row));
      return { GrantId: row.grant_id, GrantToken: row.token };
    },

    ListGrants(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      let rows = svc.store.grantsOf(k.account_id, k.region, k.key_id);
      if (input.GrantId !== undefined) rows = rows.filter((g) => g.grant_id === input.GrantId);
      if (input.GranteePrincipal !== undefined) rows = rows.filter((g) => g.grantee === input.GranteePrincipal);
      return paged(rows, input.Limit, input.Marker);
    },

    ListRetirableGrants(input, ctx) {
      return paged(svc.store.retirable(ctx.region, input.RetiringPrincipal), input.Limit, input.Marker);
    },

    RetireGrant(input, ctx) {
      if (input.GrantToken !== undefined) {
        const g = svc.store.grantByToken(input.GrantToken);
        if (!g) throw KmsErrors.invalidGrantToken();
        if (input.DryRun) throw KmsErrors.dryRun();
        return retire(g, ctx);
      }
      if (input.KeyId === undefined || input.GrantId === undefined)
        throw KmsErrors.validation('Either GrantToken, or both KeyId and GrantId must be specified.');
      const k = svc.resolve(input.KeyId, ctx, false);
      const g = svc.store.grant(k.account_id, k.region, input.GrantId);
      if (!g || g.key_id !== k.key_id) throw KmsErrors.notFound(`Grant ID ${input.GrantId} not found`);
      if (input.DryRun) throw KmsErrors.dryRun();
      retire(g, ctx);
    },

    RevokeGrant(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      const g = svc.store.grant(k.account_id, k.region, input.GrantId);
      if (!g || g.key_id !== k.key_id) throw KmsErrors.notFound(`Grant ID ${input.GrantId} not found`);
      if (input.DryRun) throw KmsErrors.dryRun();
      svc.tx(() => svc.store.deleteGrant(k.account_id, k.region, g.grant_id));
    },
  };
}
