// Roles: trust policies, session duration, boundaries, tags, last use, and service-linked roles.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../../generated/iam/types.js';
import { uniqueId } from '../../iam/ids.js';
import type { RoleRec } from '../../iam/records.js';
import type { RequestContext } from '../types.js';
import type { Handlers } from './api.js';
import { IamErrors } from './errors.js';
import { checkBoundary } from './policies.js';
import { date, encodeDoc, matchesPrefix, mergeTags, pathOf, removeTags, type IamService } from './service.js';

export function roleOut(svc: IamService, ctx: RequestContext, r: RoleRec, view: 'get' | 'list' | 'create'): Role {
  const out: Role = {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: svc.arn(ctx, 'role', r),
    CreateDate: date(r.createDate),
    AssumeRolePolicyDocument: encodeDoc(r.trust),
    MaxSessionDuration: r.maxSession,
  };
  if (r.description !== undefined) out.Description = r.description;
  if (view !== 'list' && r.boundary)
    out.PermissionsBoundary = {
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: r.boundary,
    };
  if (view !== 'list' && r.tags.length > 0) out.Tags = r.tags;
  if (view === 'get')
    out.RoleLastUsed = r.lastUsed ? { LastUsedDate: date(r.lastUsed.date), Region: r.lastUsed.region } : {};
  return out;
}

/** Service-linked roles are managed by their service: IAM refuses direct edits. */
function modifiable(r: RoleRec): void {
  if (r.serviceLinked)
    throw IamErrors.unmodifiable(
      `Cannot perform the operation on the protected role '${r.name}' - this role is only modifiable by AWS`,
    );
}

const SLR_NAMES: Record<string, string> = {
  'autoscaling.amazonaws.com': 'AutoScaling',
  'ecs.amazonaws.com': 'ECS',
  'elasticloadbalancing.amazonaws.com': 'ElasticLoadBalancing',
  'organizations.amazonaws.com': 'Organizations',
  'rds.amazonaws.com': 'RDS',
  'dynamodb.application-autoscaling.amazonaws.com': 'ApplicationAutoScaling_DynamoDBTable',
  'apidestinations.events.amazonaws.com': 'AmazonEventBridgeApiDestinations',
  'sso.amazonaws.com': 'SSO',
  'cloudtrail.amazonaws.com': 'CloudTrail',
  'config.amazonaws.com': 'Config',
};

function slrName(service: string): string {
  const known = SLR_NAMES[service];
  if (known) return `AWSServiceRoleFor${known}`;
  const label = service.split('.')[0] ?? service;
  return `AWSServiceRoleFor${label.charAt(0).toUpperCase()}${label.slice(1)}`;
}

const deletionTasks = new Map<string, string>();

export function roleHandlers(svc: IamService): Handlers {
  const update = (ctx: RequestContext, name: string, fn: (r: RoleRec) => RoleRec, guard = true) =>
    svc.write(() => {
      const r = svc.must(ctx, 'role', name);
      if (guard) modifiable(r);
      svc.store.put(ctx.accountId, 'role', fn(r));
    });
  return {
    CreateRole: (input, ctx) =>
      svc.write(() => {
        if (svc.get(ctx, 'role', input.RoleName))
          throw IamErrors.alreadyExists(`Role with name ${input.RoleName} already exists.`);
        svc.validateDocument(input.AssumeRolePolicyDocument, 'trust');
        if (input.PermissionsBoundary) checkBoundary(svc, ctx, input.PermissionsBoundary);
        const rec: RoleRec = {
          path: pathOf(input.Path),
          name: input.RoleName,
          id: uniqueId('AROA'),
          createDate: svc.now(),
          trust: input.AssumeRolePolicyDocument,
          maxSession: input.MaxSessionDuration ?? 3600,
          tags: mergeTags([], input.Tags),
          inline: {},
          attached: [],
        };
        if (input.Description !== undefined) rec.description = input.Description;
        if (input.PermissionsBoundary) rec.boundary = input.PermissionsBoundary;
        svc.store.put(ctx.accountId, 'role', rec);
        return { Role: roleOut(svc, ctx, rec, 'create') };
      }),
    GetRole: (input, ctx) => ({ Role: roleOut(svc, ctx, svc.must(ctx, 'role', input.RoleName), 'get') }),
    ListRoles: (input, ctx) => {
      const all = svc.store.list(ctx.accountId, 'role').filter((r) => matchesPrefix(r.path, input.PathPrefix));
      const { items, ...page } = svc.page(all, input);
      return { Roles: items.map((r) => roleOut(svc, ctx, r, 'list')), ...page };
    },
    UpdateRole: (input, ctx) => {
      update(ctx, input.RoleName, (r) => ({
        ...r,
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        ...(input.MaxSessionDuration !== undefined ? { maxSession: input.MaxSessionDuration } : {}),
      }));
      return {};
    },
    UpdateRoleDescription: (input, ctx) => {
      update(ctx, input.RoleName, (r) => ({ ...r, description: input.Description }));
      return { Role: roleOut(svc, ctx, svc.must(ctx, 'role', input.RoleName), 'get') };
    },
    UpdateAssumeRolePolicy: (input, ctx) => {
      svc.validateDocument(input.PolicyDocument, 'trust');
      update(ctx, input.RoleName, (r) => ({ ...r, trust: input.PolicyDocument }));
    },
    DeleteRole: (input, ctx) =>
      svc.write(() => {
        const r = svc.must(ctx, 'role', input.RoleName);
        modifiable(r);
        if (
          svc.store
            .list(ctx.accountId, 'profile')
            .some((p) => p.roles.some((n) => n.toLowerCase() === r.name.toLowerCase()))
        )
          throw IamErrors.deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
        if (Object.keys(r.inline).length > 0)
          throw IamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
        if (r.attached.length > 0)
          throw IamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
        svc.store.delete(ctx.accountId, 'role', r.name);
      }),
    TagRole: (input, ctx) => update(ctx, input.RoleName, (r) => ({ ...r, tags: mergeTags(r.tags, input.Tags) }), false),
    UntagRole: (input, ctx) =>
      update(ctx, input.RoleName, (r) => ({ ...r, tags: removeTags(r.tags, input.TagKeys) }), false),
    ListRoleTags: (input, ctx) => {
      const { items, ...page } = svc.page(svc.must(ctx, 'role', input.RoleName).tags, input);
      return { Tags: items, ...page };
    },
    PutRolePermissionsBoundary: (input, ctx) => {
      checkBoundary(svc, ctx, input.PermissionsBoundary);
      update(ctx, input.RoleName, (r) => ({ ...r, boundary: input.PermissionsBoundary }));
    },
    DeleteRolePermissionsBoundary: (input, ctx) =>
      update(ctx, input.RoleName, (r) => {
        const { boundary: _gone, ...rest } = r;
        return rest;
      }),
    CreateServiceLinkedRole: (input, ctx) =>
      svc.write(() => {
        const service = input.AWSServiceName;
        const name = slrName(service) + (input.CustomSuffix ? `_${input.CustomSuffix}` : '');
        if (svc.get(ctx, 'role', name))
          throw IamErrors.invalidInput(
            `Service role name ${name} has been taken in this account, please try a different suffix.`,
          );
        const trust = JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: [service] }, Action: ['sts:AssumeRole'] }],
        });
        const rec: RoleRec = {
          path: `/aws-service-role/${service}/`,
          name,
          id: uniqueId('AROA'),
          createDate: svc.now(),
          trust,
          maxSession: 3600,
          tags: [],
          inline: {},
          attached: [],
          serviceLinked: true,
        };
        if (input.Description !== undefined) rec.description = input.Description;
        svc.store.put(ctx.accountId, 'role', rec);
        return { Role: roleOut(svc, ctx, rec, 'create') };
      }),
    DeleteServiceLinkedRole: (input, ctx) =>
      svc.write(() => {
        const r = svc.must(ctx, 'role', input.RoleName);
        if (!r.serviceLinked) throw IamErrors.invalidInput(`Role ${r.name} is not a service-linked role.`);
        svc.store.delete(ctx.accountId, 'role', r.name);
        const id = `task${r.path}${r.name}/${randomUUID()}`;
        deletionTasks.set(`${ctx.accountId}:${id}`, 'SUCCEEDED');
        return { DeletionTaskId: id };
      }),
    GetServiceLinkedRoleDeletionStatus: (input, ctx) => {
      const status = deletionTasks.get(`${ctx.accountId}:${input.DeletionTaskId}`);
      if (!status) throw IamErrors.noSuchEntity(`Deletion task ${input.DeletionTaskId} cannot be found.`);
      return { Status: 'SUCCEEDED' };
    },
  };
}
