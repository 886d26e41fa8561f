// Customer managed policies (versions, default version, tags) and the curated AWS managed ones.
import type { Policy as PolicyOut, PolicyVersion } from '../../../generated/iam/types.js';
import { AWS_MANAGED_POLICIES, awsManagedArn, awsManagedId, type AwsManagedPolicy } from '../../iam/aws-managed.js';
import { iamArn, uniqueId } from '../../iam/ids.js';
import type { PolicyRec } from '../../iam/records.js';
import type { RequestContext } from '../types.js';
import type { Handlers } from './api.js';
import { IamErrors } from './errors.js';
import { date, encodeDoc, matchesPrefix, mergeTags, pathOf, removeTags, type IamService } from './service.js';

export type ResolvedPolicy = { aws: AwsManagedPolicy; rec?: undefined } | { aws?: undefined; rec: PolicyRec };

const MAX_VERSIONS = 5;

/** The managed policy an ARN names in the caller's account (or AWS's), if any. */
export function findPolicy(svc: IamService, ctx: RequestContext, arn: string): ResolvedPolicy | undefined {
  const aws = AWS_MANAGED_POLICIES.get(arn);
  if (aws) return { aws };
  const m = /^arn:aws:iam::(\d{12}):policy(\/.*\/|\/)([^/]+)$/.exec(arn);
  if (!m || m[1] !== ctx.accountId) return undefined;
  const rec = svc.get(ctx, 'policy', m[3]!);
  return rec && rec.path === m[2] && rec.name === m[3] ? { rec } : undefined;
}

export function mustPolicy(svc: IamService, ctx: RequestContext, arn: string, attach = false): ResolvedPolicy {
  const p = findPolicy(svc, ctx, arn);
  if (!p) throw attach ? IamErrors.noSuchPolicy(arn) : IamErrors.policyNotFound(arn);
  return p;
}

function mustLocal(svc: IamService, ctx: RequestContext, arn: string): PolicyRec {
  const p = mustPolicy(svc, ctx, arn);
  if (!p.rec) throw IamErrors.invalidInput(`ARN ${arn} is not valid.`);
  return p.rec;
}

/** A permissions boundary must be an existing managed policy. */
export function checkBoundary(svc: IamService, ctx: RequestContext, arn: string): void {
  if (!findPolicy(svc, ctx, arn)) throw IamErrors.invalidInput(`ARN ${arn} is not valid.`);
}

export function usage(svc: IamService, ctx: RequestContext, arn: string): { attachments: number; boundaries: number } {
  let attachments = 0;
  let boundaries = 0;
  for (const kind of ['user', 'group', 'role'] as const) {
    for (const e of svc.store.list(ctx.accountId, kind)) {
      if (e.attached.includes(arn)) attachments++;
      if ('boundary' in e && e.boundary === arn) boundaries++;
    }
  }
  return { attachments, boundaries };
}

export function policyArn(ctx: RequestContext, p: ResolvedPolicy): string {
  return p.aws ? awsManagedArn(p.aws) : iamArn(ctx.accountId, 'policy', p.rec.path, p.rec.name);
}

export function policyOut(svc: IamService, ctx: RequestContext, p: ResolvedPolicy, full: boolean): PolicyOut {
  const arn = policyArn(ctx, p);
  const use = usage(svc, ctx, arn);
  const base = p.aws
    ? {
        PolicyName: p.aws.name,
        PolicyId: awsManagedId(p.aws.name),
        Path: p.aws.path,
        DefaultVersionId: p.aws.version,
        CreateDate: date(p.aws.createDate),
        UpdateDate: date(p.aws.updateDate),
        description: p.aws.description,
      }
    : {
        PolicyName: p.rec.name,
        PolicyId: p.rec.id,
        Path: p.rec.path,
        DefaultVersionId: p.rec.defaultVersion,
        CreateDate: date(p.rec.createDate),
        UpdateDate: date(p.rec.updateDate),
        description: p.rec.description,
      };
  const { description, ...rest } = base;
  const out: PolicyOut = {
    ...rest,
    Arn: arn,
    AttachmentCount: use.attachments,
    PermissionsBoundaryUsageCount: use.boundaries,
    IsAttachable: true,
  };
  if (full && description) out.Description = description;
  if (full && p.rec && p.rec.tags.length > 0) out.Tags = p.rec.tags;
  return out;
}

function versionOut(p: ResolvedPolicy, id: string, withDoc: boolean): PolicyVersion | undefined {
  if (p.aws) {
    if (id !== p.aws.version) return undefined;
    const v: PolicyVersion = { VersionId: id, IsDefaultVersion: true, CreateDate: date(p.aws.updateDate) };
    if (withDoc) v.Document = encodeDoc(p.aws.document);
    return v;
  }
  const rec = p.rec.versions.find((v) => v.id === id);
  if (!rec) return undefined;
  const v: PolicyVersion = {
    VersionId: id,
    IsDefaultVersion: id === p.rec.defaultVersion,
    CreateDate: date(rec.createDate),
  };
  if (withDoc) v.Document = encodeDoc(rec.document);
  return v;
}

export function allPolicies(svc: IamService, ctx: RequestContext, scope: string | undefined): ResolvedPolicy[] {
  const aws: ResolvedPolicy[] = [...AWS_MANAGED_POLICIES.values()].map((p) => ({ aws: p }));
  const local: ResolvedPolicy[] = svc.store.list(ctx.accountId, 'policy').map((rec) => ({ rec }));
  if (scope === 'AWS') return aws;
  if (scope === 'Local') return local;
  return [...aws, ...local];
}

export function policyHandlers(svc: IamService): Handlers {
  return {
    CreatePolicy: (input, ctx) =>
      svc.write(() => {
        svc.validateDocument(input.PolicyDocument, 'identity');
        if (svc.get(ctx, 'policy', input.PolicyName))
          throw IamErrors.alreadyExists(
            `A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`,
          );
        const now = svc.now();
        const rec: PolicyRec = {
          path: pathOf(input.Path),
          name: input.PolicyName,
          id: uniqueId('ANPA'),
          createDate: now,
          updateDate: now,
          tags: mergeTags([], input.Tags),
          defaultVersion: 'v1',
          versions: [{ id: 'v1', document: input.PolicyDocument, createDate: now }],
          nextVersion: 2,
        };
        if (input.Description !== undefined) rec.description = input.Description;
        svc.store.put(ctx.accountId, 'policy', rec);
        const out = policyOut(svc, ctx, { rec }, true);
        delete out.Description;
        return { Policy: out };
      }),
    GetPolicy: (input, ctx) => ({ Policy: policyOut(svc, ctx, mustPolicy(svc, ctx, input.PolicyArn), true) }),
    ListPolicies: (input, ctx) => {
      let all = allPolicies(svc, ctx, input.Scope).filter((p) =>
        matchesPrefix((p.aws ?? p.rec).path, input.PathPrefix),
      );
      if (input.OnlyAttached || input.PolicyUsageFilter) {
        all = all.filter((p) => {
          const use = usage(svc, ctx, policyArn(ctx, p));
          if (input.PolicyUsageFilter === 'PermissionsPolicy' && use.attachments === 0) return false;
          if (input.PolicyUsageFilter === 'PermissionsBoundary' && use.boundaries === 0) return false;
          return !input.OnlyAttached || use.attachments > 0 || use.boundaries > 0;
        });
      }
      const { items, ...page } = svc.page(all, input);
      return { Policies: items.map((p) => policyOut(svc, ctx, p, false)), ...page };
    },
    DeletePolicy: (input, ctx) =>
      svc.write(() => {
        const rec = mustLocal(svc, ctx, input.PolicyArn);
        const use = usage(svc, ctx, input.PolicyArn);
        if (use.attachments + use.boundaries > 0)
          throw IamErrors.deleteConflict('Cannot delete a policy attached to entities.');
        if (rec.versions.length > 1)
          throw IamErrors.deleteConflict(
            "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
          );
        svc.store.delete(ctx.accountId, 'policy', rec.name);
      }),
    CreatePolicyVersion: (input, ctx) =>
      svc.write(() => {
        const rec = mustLocal(svc, ctx, input.PolicyArn);
        svc.validateDocument(input.PolicyDocument, 'identity');
        if (rec.versions.length >= MAX_VERSIONS)
          throw IamErrors.limitExceeded(
            'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
          );
        const now = svc.now();
        const id = `v${rec.nextVersion}`;
        const next: PolicyRec = {
          ...rec,
          versions: [...rec.versions, { id, document: input.PolicyDocument, createDate: now }],
          nextVersion: rec.nextVersion + 1,
          defaultVersion: input.SetAsDefault ? id : rec.defaultVersion,
          updateDate: input.SetAsDefault ? now : rec.updateDate,
        };
        svc.store.put(ctx.accountId, 'policy', next);
        return { PolicyVersion: versionOut({ rec: next }, id, false)! };
      }),
    GetPolicyVersion: (input, ctx) => {
      const p = mustPolicy(svc, ctx, input.PolicyArn);
      const v = versionOut(p, input.VersionId, true);
      if (!v) throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
      return { PolicyVersion: v };
    },
    ListPolicyVersions: (input, ctx) => {
      const p = mustPolicy(svc, ctx, input.PolicyArn);
      const ids = p.aws ? [p.aws.version] : [...p.rec.versions].reverse().map((v) => v.id);
      const { items, ...page } = svc.page(ids, input);
      return { Versions: items.map((id) => versionOut(p, id, false)!), ...page };
    },
    DeletePolicyVersion: (input, ctx) =>
      svc.write(() => {
        const rec = mustLocal(svc, ctx, input.PolicyArn);
        if (!rec.versions.some((v) => v.id === input.VersionId))
          throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
        if (rec.defaultVersion === input.VersionId)
          throw IamErrors.deleteConflict('Cannot delete the default version of a policy.');
        svc.store.put(ctx.accountId, 'policy', {
          ...rec,
          versions: rec.versions.filter((v) => v.id !== input.VersionId),
        });
      }),
    SetDefaultPolicyVersion: (input, ctx) =>
      svc.write(() => {
        const rec = mustLocal(svc, ctx, input.PolicyArn);
        if (!rec.versions.some((v) => v.id === input.VersionId))
          throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
        svc.store.put(ctx.accountId, 'policy', { ...rec, defaultVersion: input.VersionId, updateDate: svc.now() });
      }),
    TagPolicy: (input, ctx) =>
      svc.write(() => {
        const rec = mustLocal(svc, ctx, input.PolicyArn);
        svc.store.put(ctx.accountId, 'policy', { ...rec, tags: mergeTags(rec.tags, input.Tags) });
      }),
    UntagPolicy: (input, ctx) =>
      svc.write(() => {
        const rec = mustLocal(svc, ctx, input.PolicyArn);
        svc.store.put(ctx.accountId, 'policy', { ...rec, tags: removeTags(rec.tags, input.TagKeys) });
      }),
    ListPolicyTags: (input, ctx) => {
      const p = mustPolicy(svc, ctx, input.PolicyArn);
      const { items, ...page } = svc.page(p.rec?.tags ?? [], input);
      return { Tags: items, ...page };
    },
    ListEntitiesForPolicy: (input, ctx) => {
      mustPolicy(svc, ctx, input.PolicyArn);
      const arn = input.PolicyArn;
      const pick = (kind: 'user' | 'group' | 'role') =>
        input.EntityFilter && input.EntityFilter.toLowerCase() !== kind
          ? []
          : svc.store
              .list(ctx.accountId, kind)
              .filter((e) => e.attached.includes(arn) && matchesPrefix(e.path, input.PathPrefix));
      return {
        PolicyUsers: pick('user').map((u) => ({ UserName: u.name, UserId: u.id })),
        PolicyGroups: pick('group').map((g) => ({ GroupName: g.name, GroupId: g.id })),
        PolicyRoles: pick('role').map((r) => ({ RoleName: r.name, RoleId: r.id })),
        IsTruncated: false,
      };
    },
  };
}
