// Users: create/get/list/update/delete, tags and permissions boundaries.
import type { User } from '../../../generated/iam/types.js';
import { uniqueId } from '../../iam/ids.js';
import type { UserRec } from '../../iam/records.js';
import type { RequestContext } from '../types.js';
import type { Handlers } from './api.js';
import { IamErrors } from './errors.js';
import { checkBoundary } from './policies.js';
import { date, matchesPrefix, mergeTags, pathOf, removeTags, type IamService } from './service.js';

export function userOut(svc: IamService, ctx: RequestContext, u: UserRec, full: boolean): User {
  const out: User = {
    Path: u.path,
    UserName: u.name,
    UserId: u.id,
    Arn: svc.arn(ctx, 'user', u),
    CreateDate: date(u.createDate),
  };
  if (full && u.boundary)
    out.PermissionsBoundary = {
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: u.boundary,
    };
  if (full && u.tags.length > 0) out.Tags = u.tags;
  return out;
}

/** GetUser without a name answers for the caller: an IAM user, or the account's root. */
function callerUser(svc: IamService, ctx: RequestContext): User {
  const view = svc.dir.principalFor(ctx.principal.accessKeyId, ctx.accountId);
  const p = view.principal;
  if (p.type === 'User' && p.username) return userOut(svc, ctx, svc.must(ctx, 'user', p.username), true);
  if (p.type === 'Root') {
    // Root has no name or path; IAM answers its account id and ARN only.
    return { UserId: ctx.accountId, Arn: p.arn, CreateDate: date(0) } as User;
  }
  throw IamErrors.validation('Must specify userName when calling with non-User credentials');
}

export function userHandlers(svc: IamService): Handlers {
  return {
    CreateUser: (input, ctx) =>
      svc.write(() => {
        if (svc.get(ctx, 'user', input.UserName))
          throw IamErrors.alreadyExists(`User with name ${input.UserName} already exists.`);
        if (input.PermissionsBoundary) checkBoundary(svc, ctx, input.PermissionsBoundary);
        const rec: UserRec = {
          path: pathOf(input.Path),
          name: input.UserName,
          id: uniqueId('AIDA'),
          createDate: svc.now(),
          tags: mergeTags([], input.Tags),
          groups: [],
          inline: {},
          attached: [],
        };
        if (input.PermissionsBoundary) rec.boundary = input.PermissionsBoundary;
        svc.store.put(ctx.accountId, 'user', rec);
        return { User: userOut(svc, ctx, rec, true) };
      }),
    GetUser: (input, ctx) => ({
      User:
        input.UserName === undefined
          ? callerUser(svc, ctx)
          : userOut(svc, ctx, svc.must(ctx, 'user', input.UserName), true),
    }),
    ListUsers: (input, ctx) => {
      const all = svc.store.list(ctx.accountId, 'user').filter((u) => matchesPrefix(u.path, input.PathPrefix));
      const { items, ...page } = svc.page(all, input);
      return { Users: items.map((u) => userOut(svc, ctx, u, false)), ...page };
    },
    UpdateUser: (input, ctx) =>
      svc.write(() => {
        const u = svc.must(ctx, 'user', input.UserName);
        const next: UserRec = { ...u, path: input.NewPath ?? u.path, name: input.NewUserName ?? u.name };
        if (next.name.toLowerCase() !== u.name.toLowerCase()) {
          if (svc.get(ctx, 'user', next.name))
            throw IamErrors.alreadyExists(`User with name ${next.name} already exists.`);
          svc.store.delete(ctx.accountId, 'user', u.name);
          for (const k of svc.store.accessKeysOf(ctx.accountId, u.name))
            svc.store.putAccessKey({ ...k, user_name: next.name });
        }
        svc.store.put(ctx.accountId, 'user', next);
      }),
    DeleteUser: (input, ctx) =>
      svc.write(() => {
        const u = svc.must(ctx, 'user', input.UserName);
        if (svc.store.accessKeysOf(ctx.accountId, u.name).length > 0)
          throw IamErrors.deleteConflict('Cannot delete entity, must delete access keys first.');
        if (Object.keys(u.inline).length > 0)
          throw IamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
        if (u.attached.length > 0)
          throw IamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
        if (u.groups.length > 0)
          throw IamErrors.deleteConflict('Cannot delete entity, must remove user from all groups first.');
        svc.store.delete(ctx.accountId, 'user', u.name);
      }),
    TagUser: (input, ctx) =>
      svc.write(() => {
        const u = svc.must(ctx, 'user', input.UserName);
        svc.store.put(ctx.accountId, 'user', { ...u, tags: mergeTags(u.tags, input.Tags) });
      }),
    UntagUser: (input, ctx) =>
      svc.write(() => {
        const u = svc.must(ctx, 'user', input.UserName);
        svc.store.put(ctx.accountId, 'user', { ...u, tags: removeTags(u.tags, input.TagKeys) });
      }),
    ListUserTags: (input, ctx) => {
      const { items, ...page } = svc.page(svc.must(ctx, 'user', input.UserName).tags, input);
      return { Tags: items, ...page };
    },
    PutUserPermissionsBoundary: (input, ctx) =>
      svc.write(() => {
        const u = svc.must(ctx, 'user', input.UserName);
        checkBoundary(svc, ctx, input.PermissionsBoundary);
        svc.store.put(ctx.accountId, 'user', { ...u, boundary: input.PermissionsBoundary });
      }),
    DeleteUserPermissionsBoundary: (input, ctx) =>
      svc.write(() => {
        const { boundary: _drop, ...u } = svc.must(ctx, 'user', input.UserName);
        svc.store.put(ctx.accountId, 'user', u);
      }),
  };
}
