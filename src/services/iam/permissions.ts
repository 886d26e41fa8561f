// Inline policies and managed-policy attachments, the same for users, groups and roles.
import { AWS_MANAGED_POLICIES } from '../../iam/aws-managed.js';
import { policySize, type PolicySizeClass } from '../../iam/policy/index.js';
import type { RequestContext } from '../types.js';
import type { Handlers } from './api.js';
import { IamErrors } from './errors.js';
import { encodeDoc, matchesPrefix, type IamService } from './service.js';
import { mustPolicy, policyArn } from './policies.js';

type Noun = 'user' | 'group' | 'role';
const SIZE: Record<Noun, PolicySizeClass> = { user: 'userInline', group: 'groupInline', role: 'roleInline' };
const QUOTA: Record<Noun, string> = { user: 'PoliciesPerUser', group: 'PoliciesPerGroup', role: 'PoliciesPerRole' };
const MAX_ATTACHED = 10;

export class PermissionOps {
  constructor(private readonly svc: IamService) {}

  putInline(ctx: RequestContext, noun: Noun, name: string, policyName: string, doc: string): void {
    const svc = this.svc;
    svc.write(() => {
      const e = svc.must(ctx, noun, name);
      const used = Object.entries(e.inline)
        .filter(([n]) => n !== policyName)
        .reduce((sum, [, d]) => sum + policySize(d), 0);
      svc.validateDocument(doc, 'identity', { sizeClass: SIZE[noun], usedBytes: used, entity: `${noun} ${e.name}` });
      svc.store.put(ctx.accountId, noun, { ...e, inline: { ...e.inline, [policyName]: doc } });
    });
  }

  getInline(ctx: RequestContext, noun: Noun, name: string, policyName: string): { name: string; doc: string } {
    const e = this.svc.must(ctx, noun, name);
    const doc = e.inline[policyName];
    if (doc === undefined) throw IamErrors.noSuchInline(noun, policyName);
    return { name: e.name, doc: encodeDoc(doc) };
  }

  deleteInline(ctx: RequestContext, noun: Noun, name: string, policyName: string): void {
    const svc = this.svc;
    svc.write(() => {
      const e = svc.must(ctx, noun, name);
      if (e.inline[policyName] === undefined) throw IamErrors.noSuchInline(noun, policyName);
      const { [policyName]: _gone, ...inline } = e.inline;
      svc.store.put(ctx.accountId, noun, { ...e, inline });
    });
  }

  listInline(ctx: RequestContext, noun: Noun, name: string, page: { Marker?: string; MaxItems?: number }) {
    const names = Object.keys(this.svc.must(ctx, noun, name).inline).sort();
    const { items, ...rest } = this.svc.page(names, page);
    return { PolicyNames: items, ...rest };
  }

  attach(ctx: RequestContext, noun: Noun, name: string, arn: string): void {
    const svc = this.svc;
    svc.write(() => {
      const e = svc.must(ctx, noun, name);
      mustPolicy(svc, ctx, arn, true);
      if (e.attached.includes(arn)) return;
      if (e.attached.length >= MAX_ATTACHED)
        throw IamErrors.limitExceeded(`Cannot exceed quota for ${QUOTA[noun]}: ${MAX_ATTACHED}`);
      svc.store.put(ctx.accountId, noun, { ...e, attached: [...e.attached, arn] });
    });
  }

  detach(ctx: RequestContext, noun: Noun, name: string, arn: string): void {
    const svc = this.svc;
    svc.write(() => {
      const e = svc.must(ctx, noun, name);
      if (!e.attached.includes(arn)) throw IamErrors.policyNotFound(arn);
      svc.store.put(ctx.accountId, noun, { ...e, attached: e.attached.filter((a) => a !== arn) });
    });
  }

  listAttached(
    ctx: RequestContext,
    noun: Noun,
    name: string,
    input: { PathPrefix?: string; Marker?: string; MaxItems?: number },
  ) {
    const e = this.svc.must(ctx, noun, name);
    const all = e.attached
      .map((arn) => {
        const aws = AWS_MANAGED_POLICIES.get(arn);
        if (aws) return { PolicyName: aws.name, PolicyArn: arn, path: aws.path };
        const p = mustPolicyOrUndefined(this.svc, ctx, arn);
        return p ? { PolicyName: p.name, PolicyArn: arn, path: p.path } : undefined;
      })
      .filter((p): p is { PolicyName: string; PolicyArn: string; path: string } => p !== undefined)
      .filter((p) => matchesPrefix(p.path, input.PathPrefix))
      .map(({ PolicyName, PolicyArn }) => ({ PolicyName, PolicyArn }));
    const { items, ...page } = this.svc.page(all, input);
    return { AttachedPolicies: items, ...page };
  }
}

function mustPolicyOrUndefined(svc: IamService, ctx: RequestContext, arn: string) {
  try {
    const p = mustPolicy(svc, ctx, arn);
    return p.rec && policyArn(ctx, p) === arn ? p.rec : undefined;
  } catch {
    return undefined;
  }
}

export function permissionHandlers(svc: IamService): Handlers {
  const ops = new PermissionOps(svc);
  return {
    PutUserPolicy: (i, ctx) => ops.putInline(ctx, 'user', i.UserName, i.PolicyName, i.PolicyDocument),
    PutGroupPolicy: (i, ctx) => ops.putInline(ctx, 'group', i.GroupName, i.PolicyName, i.PolicyDocument),
    PutRolePolicy: (i, ctx) => ops.putInline(ctx, 'role', i.RoleName, i.PolicyName, i.PolicyDocument),
    GetUserPolicy: (i, ctx) => {
      const r = ops.getInline(ctx, 'user', i.UserName, i.PolicyName);
      return { UserName: r.name, PolicyName: i.PolicyName, PolicyDocument: r.doc };
    },
    GetGroupPolicy: (i, ctx) => {
      const r = ops.getInline(ctx, 'group', i.GroupName, i.PolicyName);
      return { GroupName: r.name, PolicyName: i.PolicyName, PolicyDocument: r.doc };
    },
    GetRolePolicy: (i, ctx) => {
      const r = ops.getInline(ctx, 'role', i.RoleName, i.PolicyName);
      return { RoleName: r.name, PolicyName: i.PolicyName, PolicyDocument: r.doc };
    },
    DeleteUserPolicy: (i, ctx) => ops.deleteInline(ctx, 'user', i.UserName, i.PolicyName),
    DeleteGroupPolicy: (i, ctx) => ops.deleteInline(ctx, 'group', i.GroupName, i.PolicyName),
    DeleteRolePolicy: (i, ctx) => ops.deleteInline(ctx, 'role', i.RoleName, i.PolicyName),
    ListUserPolicies: (i, ctx) => ops.listInline(ctx, 'user', i.UserName, i),
    ListGroupPolicies: (i, ctx) => ops.listInline(ctx, 'group', i.GroupName, i),
    ListRolePolicies: (i, ctx) => ops.listInline(ctx, 'role', i.RoleName, i),
    AttachUserPolicy: (i, ctx) => ops.attach(ctx, 'user', i.UserName, i.PolicyArn),
    AttachGroupPolicy: (i, ctx) => ops.attach(ctx, 'group', i.GroupName, i.PolicyArn),
    AttachRolePolicy: (i, ctx) => ops.attach(ctx, 'role', i.RoleName, i.PolicyArn),
    DetachUserPolicy: (i, ctx) => ops.detach(ctx, 'user', i.UserName, i.PolicyArn),
    DetachGroupPolicy: (i, ctx) => ops.detach(ctx, 'group', i.GroupName, i.PolicyArn),
    DetachRolePolicy: (i, ctx) => ops.detach(ctx, 'role', i.RoleName, i.PolicyArn),
    ListAttachedUserPolicies: (i, ctx) => ops.listAttached(ctx, 'user', i.UserName, i),
    ListAttachedGroupPolicies: (i, ctx) => ops.listAttached(ctx, 'group', i.GroupName, i),
    ListAttachedRolePolicies: (i, ctx) => ops.listAttached(ctx, 'role', i.RoleName, i),
  };
}
