// Groups and their membership (kept on the user record: a user lists the groups it belongs to).
import type { Group } from '../../../generated/iam/types.js';
import { uniqueId } from '../../iam/ids.js';
import type { GroupRec } from '../../iam/records.js';
import type { RequestContext } from '../types.js';
import type { Handlers } from './api.js';
import { IamErrors } from './errors.js';
import { date, matchesPrefix, pathOf, type IamService } from './service.js';
import { userOut } from './users.js';

export function groupOut(svc: IamService, ctx: RequestContext, g: GroupRec): Group {
  return {
    Path: g.path,
    GroupName: g.name,
    GroupId: g.id,
    Arn: svc.arn(ctx, 'group', g),
    CreateDate: date(g.createDate),
  };
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function groupHandlers(svc: IamService): Handlers {
  const members = (ctx: RequestContext, group: string) =>
    svc.store.list(ctx.accountId, 'user').filter((u) => u.groups.some((g) => sameName(g, group)));
  return {
    CreateGroup: (input, ctx) =>
      svc.write(() => {
        if (svc.get(ctx, 'group', input.GroupName))
          throw IamErrors.alreadyExists(`Group with name ${input.GroupName} already exists.`);
        const rec: GroupRec = {
          path: pathOf(input.Path),
          name: input.GroupName,
          id: uniqueId('AGPA'),
          createDate: svc.now(),
          inline: {},
          attached: [],
        };
        svc.store.put(ctx.accountId, 'group', rec);
        return { Group: groupOut(svc, ctx, rec) };
      }),
    GetGroup: (input, ctx) => {
      const g = svc.must(ctx, 'group', input.GroupName);
      const { items, ...page } = svc.page(members(ctx, g.name), input);
      return { Group: groupOut(svc, ctx, g), Users: items.map((u) => userOut(svc, ctx, u, false)), ...page };
    },
    ListGroups: (input, ctx) => {
      const all = svc.store.list(ctx.accountId, 'group').filter((g) => matchesPrefix(g.path, input.PathPrefix));
      const { items, ...page } = svc.page(all, input);
      return { Groups: items.map((g) => groupOut(svc, ctx, g)), ...page };
    },
    ListGroupsForUser: (input, ctx) => {
      const u = svc.must(ctx, 'user', input.UserName);
      const groups = u.groups.map((n) => svc.get(ctx, 'group', n)).filter((g): g is GroupRec => g !== undefined);
      const { items, ...page } = svc.page(groups, input);
      return { Groups: items.map((g) => groupOut(svc, ctx, g)), ...page };
    },
    UpdateGroup: (input, ctx) =>
      svc.write(() => {
        const g = svc.must(ctx, 'group', input.GroupName);
        const next: GroupRec = { ...g, path: input.NewPath ?? g.path, name: input.NewGroupName ?? g.name };
        if (!sameName(next.name, g.name)) {
          if (svc.get(ctx, 'group', next.name))
            throw IamErrors.alreadyExists(`Group with name ${next.name} already exists.`);
          svc.store.delete(ctx.accountId, 'group', g.name);
          for (const u of members(ctx, g.name)) {
            svc.store.put(ctx.accountId, 'user', {
              ...u,
              groups: u.groups.map((n) => (sameName(n, g.name) ? next.name : n)),
            });
          }
        }
        svc.store.put(ctx.accountId, 'group', next);
      }),
    DeleteGroup: (input, ctx) =>
      svc.write(() => {
        const g = svc.must(ctx, 'group', input.GroupName);
        if (members(ctx, g.name).length > 0)
          throw IamErrors.deleteConflict('Cannot delete entity, must remove users from group first.');
        if (Object.keys(g.inline).length > 0)
          throw IamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
        if (g.attached.length > 0)
          throw IamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
        svc.store.delete(ctx.accountId, 'group', g.name);
      }),
    AddUserToGroup: (input, ctx) =>
      svc.write(() => {
        const g = svc.must(ctx, 'group', input.GroupName);
        const u = svc.must(ctx, 'user', input.UserName);
        if (!u.groups.some((n) => sameName(n, g.name))) {
          if (u.groups.length >= 10) throw IamErrors.limitExceeded('Cannot exceed quota for GroupsPerUser: 10');
          svc.store.put(ctx.accountId, 'user', { ...u, groups: [...u.groups, g.name] });
        }
      }),
    RemoveUserFromGroup: (input, ctx) =>
      svc.write(() => {
        const g = svc.must(ctx, 'group', input.GroupName);
        const u = svc.must(ctx, 'user', input.UserName);
        if (!u.groups.some((n) => sameName(n, g.name)))
          throw IamErrors.noSuchEntity(`User ${u.name} is not in group ${g.name}.`);
        svc.store.put(ctx.accountId, 'user', { ...u, groups: u.groups.filter((n) => !sameName(n, g.name)) });
      }),
  };
}
