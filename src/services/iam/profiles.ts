// Instance profiles: containers for one role.
import type { InstanceProfile } from '../../../generated/iam/types.js';
import { uniqueId } from '../../iam/ids.js';
import type { ProfileRec, RoleRec } from '../../iam/records.js';
import type { RequestContext } from '../types.js';
import type { Handlers } from './api.js';
import { IamErrors } from './errors.js';
import { roleOut } from './roles.js';
import { date, matchesPrefix, mergeTags, pathOf, removeTags, type IamService } from './service.js';

export function profileOut(svc: IamService, ctx: RequestContext, p: ProfileRec, withTags: boolean): InstanceProfile {
  const roles = p.roles.map((n) => svc.get(ctx, 'role', n)).filter((r): r is RoleRec => r !== undefined);
  const out: InstanceProfile = {
    Path: p.path,
    InstanceProfileName: p.name,
    InstanceProfileId: p.id,
    Arn: svc.arn(ctx, 'instance-profile', p),
    CreateDate: date(p.createDate),
    Roles: roles.map((r) => roleOut(svc, ctx, r, 'list')),
  };
  if (withTags && p.tags.length > 0) out.Tags = p.tags;
  return out;
}

export function profileHandlers(svc: IamService): Handlers {
  const must = (ctx: RequestContext, name: string) => {
    const p = svc.get(ctx, 'profile', name);
    if (!p) throw IamErrors.noSuchEntity(`Instance Profile ${name} cannot be found.`);
    return p;
  };
  const put = (ctx: RequestContext, p: ProfileRec) => svc.store.put(ctx.accountId, 'profile', p);
  return {
    CreateInstanceProfile: (input, ctx) =>
      svc.write(() => {
        if (svc.get(ctx, 'profile', input.InstanceProfileName))
          throw IamErrors.alreadyExists(`Instance Profile ${input.InstanceProfileName} already exists.`);
        const rec: ProfileRec = {
          path: pathOf(input.Path),
          name: input.InstanceProfileName,
          id: uniqueId('AIPA'),
          createDate: svc.now(),
          roles: [],
          tags: mergeTags([], input.Tags),
        };
        put(ctx, rec);
        return { InstanceProfile: profileOut(svc, ctx, rec, true) };
      }),
    GetInstanceProfile: (input, ctx) => ({
      InstanceProfile: profileOut(svc, ctx, must(ctx, input.InstanceProfileName), true),
    }),
    ListInstanceProfiles: (input, ctx) => {
      const all = svc.store.list(ctx.accountId, 'profile').filter((p) => matchesPrefix(p.path, input.PathPrefix));
      const { items, ...page } = svc.page(all, input);
      return { InstanceProfiles: items.map((p) => profileOut(svc, ctx, p, false)), ...page };
    },
    ListInstanceProfilesForRole: (input, ctx) => {
      const role = svc.must(ctx, 'role', input.RoleName);
      const all = svc.store
        .list(ctx.accountId, 'profile')
        .filter((p) => p.roles.some((n) => n.toLowerCase() === role.name.toLowerCase()));
      const { items, ...page } = svc.page(all, input);
      return { InstanceProfiles: items.map((p) => profileOut(svc, ctx, p, false)), ...page };
    },
    DeleteInstanceProfile: (input, ctx) =>
      svc.write(() => {
        const p = must(ctx, input.InstanceProfileName);
        if (p.roles.length > 0)
          throw IamErrors.deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
        svc.store.delete(ctx.accountId, 'profile', p.name);
      }),
    AddRoleToInstanceProfile: (input, ctx) =>
      svc.write(() => {
        const p = must(ctx, input.InstanceProfileName);
        const role = svc.must(ctx, 'role', input.RoleName);
        if (p.roles.length > 0)
          throw IamErrors.limitExceeded('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
        put(ctx, { ...p, roles: [role.name] });
      }),
    RemoveRoleFromInstanceProfile: (input, ctx) =>
      svc.write(() => {
        const p = must(ctx, input.InstanceProfileName);
        const role = svc.must(ctx, 'role', input.RoleName);
        if (!p.roles.some((n) => n.toLowerCase() === role.name.toLowerCase()))
          throw IamErrors.noSuchEntity(`The role with name ${role.name} cannot be found.`);
        put(ctx, { ...p, roles: p.roles.filter((n) => n.toLowerCase() !== role.name.toLowerCase()) });
      }),
    TagInstanceProfile: (input, ctx) =>
      svc.write(() => {
        const p = must(ctx, input.InstanceProfileName);
        put(ctx, { ...p, tags: mergeTags(p.tags, input.Tags) });
      }),
    UntagInstanceProfile: (input, ctx) =>
      svc.write(() => {
        const p = must(ctx, input.InstanceProfileName);
        put(ctx, { ...p, tags: removeTags(p.tags, input.TagKeys) });
      }),
    ListInstanceProfileTags: (input, ctx) => {
      const { items, ...page } = svc.page(must(ctx, input.InstanceProfileName).tags, input);
      return { Tags: items, ...page };
    },
  };
}
