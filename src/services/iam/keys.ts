// Access keys: issued keys are known to SigV4 through the directory, so requests signed with them are verified
// strictly and act as their user. Deleted keys stay in the table as 'Deleted' so they are refused afterwards.
import { accessKeyId, secretAccessKey } from '../../iam/ids.js';
import type { RequestContext } from '../types.js';
import type { Handlers } from './api.js';
import { IamErrors } from './errors.js';
import { date, type IamService } from './service.js';

const MAX_KEYS = 2;

/** The user an access-key operation is about: the named one, or the calling IAM user. */
function targetUser(svc: IamService, ctx: RequestContext, name: string | undefined): string {
  if (name !== undefined) return svc.must(ctx, 'user', name).name;
  const p = svc.dir.principalFor(ctx.principal.accessKeyId, ctx.accountId).principal;
  if (p.type === 'User' && p.username) return p.username;
  throw IamErrors.validation('Must specify userName when calling with non-User credentials');
}

export function keyHandlers(svc: IamService): Handlers {
  const ownKey = (ctx: RequestContext, user: string, keyId: string) => {
    const row = svc.store.accessKey(keyId);
    if (!row || row.status === 'Deleted' || row.account_id !== ctx.accountId || row.user_name !== user)
      throw IamErrors.noSuchEntity(`The Access Key with id ${keyId} cannot be found.`);
    return row;
  };
  return {
    CreateAccessKey: (input, ctx) =>
      svc.write(() => {
        const user = targetUser(svc, ctx, input.UserName);
        if (svc.store.accessKeysOf(ctx.accountId, user).length >= MAX_KEYS)
          throw IamErrors.limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS}`);
        const row = {
          key_id: accessKeyId('AKIA'),
          account_id: ctx.accountId,
          user_name: user,
          secret: secretAccessKey(),
          status: 'Active',
          created_at: svc.now(),
          last_used_at: null,
          last_service: null,
          last_region: null,
        };
        svc.store.putAccessKey(row);
        return {
          AccessKey: {
            UserName: user,
            AccessKeyId: row.key_id,
            Status: 'Active' as const,
            SecretAccessKey: row.secret,
            CreateDate: date(row.created_at),
          },
        };
      }),
    ListAccessKeys: (input, ctx) => {
      const user = targetUser(svc, ctx, input.UserName);
      const { items, ...page } = svc.page(svc.store.accessKeysOf(ctx.accountId, user), input);
      return {
        AccessKeyMetadata: items.map((k) => ({
          UserName: user,
          AccessKeyId: k.key_id,
          Status: k.status as 'Active' | 'Inactive',
          CreateDate: date(k.created_at),
        })),
        ...page,
      };
    },
    UpdateAccessKey: (input, ctx) =>
      svc.write(() => {
        const row = ownKey(ctx, targetUser(svc, ctx, input.UserName), input.AccessKeyId);
        svc.store.putAccessKey({ ...row, status: input.Status });
      }),
    DeleteAccessKey: (input, ctx) =>
      svc.write(() => {
        const row = ownKey(ctx, targetUser(svc, ctx, input.UserName), input.AccessKeyId);
        svc.store.putAccessKey({ ...row, status: 'Deleted' });
      }),
    GetAccessKeyLastUsed: (input, ctx) => {
      const row = svc.store.accessKey(input.AccessKeyId);
      if (!row || row.status === 'Deleted' || row.account_id !== ctx.accountId)
        throw IamErrors.noSuchEntity(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
      // Never used: IAM answers N/A for service and region.
      const used = row.last_used_at
        ? {
            LastUsedDate: date(row.last_used_at),
            ServiceName: row.last_service ?? 'N/A',
            Region: row.last_region ?? 'N/A',
          }
        : { ServiceName: 'N/A', Region: 'N/A' };
      return { UserName: row.user_name, AccessKeyLastUsed: used };
    },
  };
}
