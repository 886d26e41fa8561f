// Aliases: friendly names (`alias/<name>`) for keys in one account and Region. `alias/aws/` is reserved for AWS
// managed keys. An alias can point at a key only of the same account and Region.
import type { HandlerTable, RequestContext } from '../types.js';
import type { Operations } from './api.js';
import { KmsErrors } from './errors.js';
import { page } from './paging.js';
import { aliasArn, type KmsService } from './service.js';

const NAME = /^alias\/[a-zA-Z0-9/_-]+$/;

function checkName(name: string): void {
  if (!name.startsWith('alias/'))
    throw KmsErrors.validation(
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
  if (!NAME.test(name)) throw KmsErrors.validation(`${name} contains invalid characters for an alias`);
  // Reserved for AWS managed keys.
  if (name.startsWith('alias/aws/')) throw KmsErrors.aliasName('The alias name cannot begin with alias/aws/.');
}

export function aliasHandlers(
  svc: KmsService,
): Pick<HandlerTable<Operations>, 'CreateAlias' | 'UpdateAlias' | 'DeleteAlias' | 'ListAliases'> {
  const target = (value: string, ctx: RequestContext) => {
    const k = svc.resolve(value, ctx, false);
    if (k.account_id !== ctx.accountId) throw KmsErrors.keyNotFound(value);
    svc.notPending(k);
    return k;
  };

  return {
    CreateAlias(input, ctx) {
      checkName(input.AliasName);
      const k = target(input.TargetKeyId, ctx);
      if (svc.store.alias(ctx.accountId, ctx.region, input.AliasName))
        throw KmsErrors.alreadyExists(
          `An alias with the name ${aliasArn(ctx.region, ctx.accountId, input.AliasName)} already exists`,
        );
      const now = svc.now();
      svc.tx(() =>
        svc.store.saveAlias({
          account_id: ctx.accountId,
          region: ctx.region,
          name: input.AliasName,
          key_id: k.key_id,
          created_at: now,
          updated_at: now,
        }),
      );
    },

    UpdateAlias(input, ctx) {
      const a = svc.store.alias(ctx.accountId, ctx.region, input.AliasName);
      if (!a) throw KmsErrors.aliasNotFound(aliasArn(ctx.region, ctx.accountId, input.AliasName));
      const k = target(input.TargetKeyId, ctx);
      const old = svc.store.key(ctx.accountId, ctx.region, a.key_id);
      // The new key must be of the same type and usage as the old one (KMS: "same key type and key usage").
      if (
        old &&
        (old.key_usage !== k.key_usage ||
          (old.key_spec === 'SYMMETRIC_DEFAULT') !== (k.key_spec === 'SYMMETRIC_DEFAULT'))
      )
        throw KmsErrors.validation(
          `${aliasArn(ctx.region, ctx.accountId, input.AliasName)} can only be associated with a key of the same type and key usage as its current key.`,
        );
      svc.tx(() => svc.store.saveAlias({ ...a, key_id: k.key_id, updated_at: svc.now() }));
    },

    DeleteAlias(input, ctx) {
      const a = svc.store.alias(ctx.accountId, ctx.region, input.AliasName);
      if (!a) throw KmsErrors.aliasNotFound(aliasArn(ctx.region, ctx.accountId, input.AliasName));
      svc.tx(() => svc.store.deleteAlias(ctx.accountId, ctx.region, input.AliasName));
    },

    ListAliases(input, ctx) {
      let keyId: string | undefined;
      if (input.KeyId !== undefined) keyId = svc.resolve(input.KeyId, ctx, false).key_id;
      const rows = svc.store.aliases(ctx.accountId, ctx.region, keyId);
      const p = page(rows, input.Limit, input.Marker, 50);
      return {
        Aliases: p.items.map((a) => ({
          AliasName: a.name,
          AliasArn: aliasArn(a.region, a.account_id, a.name),
          TargetKeyId: a.key_id,
          CreationDate: new Date(a.created_at),
          LastUpdatedDate: new Date(a.updated_at),
        })),
        ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}),
        Truncated: p.Truncated,
      };
    },
  };
}
