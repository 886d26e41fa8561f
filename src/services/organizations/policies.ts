// Policies: create, update, delete, describe, list; attach and detach to roots, OUs and accounts.
import type { HandlerTable } from '../types.js';
import type { Operations, PolicyTargetSummary } from './api.js';
import type { OrgService } from './service.js';
import type { AnyPolicy, OrgSnapshot } from './model.js';
import type { PolicyRow } from './store.js';
import { OrgErrors } from './errors.js';
import { newPolicyId } from './ids.js';
import { MANAGED_POLICIES, RCP_FULL_AWS_ACCESS } from './managed.js';
import { policySummary } from './shapes.js';
import { page } from './paging.js';
import { checkTags, storeTags } from './tags.js';
import { checkContent } from './content.js';

/** Per-target attachment quotas: 5 SCPs/RCPs, 10 of each management policy type. */
const maxAttached = (type: string) =>
  type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY' ? 5 : 10;

type PolicyOps =
  | 'CreatePolicy'
  | 'UpdatePolicy'
  | 'DeletePolicy'
  | 'DescribePolicy'
  | 'ListPolicies'
  | 'AttachPolicy'
  | 'DetachPolicy'
  | 'ListPoliciesForTarget'
  | 'ListTargetsForPolicy';

function policyIn(snap: OrgSnapshot, id: string): AnyPolicy {
  const p = snap.policy(id);
  if (!p) throw OrgErrors.policyNotFound();
  return p;
}

function customerPolicy(snap: OrgSnapshot, id: string): PolicyRow {
  if (MANAGED_POLICIES.has(id)) throw OrgErrors.invalidInput('IMMUTABLE_POLICY');
  const p = snap.policies.get(id);
  if (!p) throw OrgErrors.policyNotFound();
  return p;
}

function nameTaken(snap: OrgSnapshot, type: string, name: string, except?: string): boolean {
  for (const p of snap.policies.values()) if (p.type === type && p.name === name && p.id !== except) return true;
  return false;
}

function existingTarget(snap: OrgSnapshot, id: string): void {
  if (snap.targetKind(id) === undefined) throw OrgErrors.targetNotFound();
}

export function policyHandlers(svc: OrgService): Pick<HandlerTable<Operations>, PolicyOps> {
  const describe = (snap: OrgSnapshot, p: AnyPolicy) => ({ PolicySummary: policySummary(snap, p), Content: p.content });
  return {
    CreatePolicy(input, ctx) {
      const snap = svc.management(ctx);
      if (!snap.allFeatures) throw OrgErrors.policyTypeNotAvailable();
      checkContent(input.Type, input.Content);
      if (nameTaken(snap, input.Type, input.Name)) throw OrgErrors.duplicatePolicy();
      checkTags(input.Tags);
      const row: PolicyRow = {
        id: newPolicyId(),
        org_id: snap.id,
        type: input.Type,
        name: input.Name,
        description: input.Description,
        content: input.Content,
        created_at: svc.now(),
      };
      svc.write(() => {
        svc.store.insertPolicy(row);
        storeTags(svc, snap.id, row.id, input.Tags);
      });
      return { Policy: describe(snap, row) };
    },

    UpdatePolicy(input, ctx) {
      const snap = svc.management(ctx);
      const p = customerPolicy(snap, input.PolicyId);
      if (input.Content !== undefined) checkContent(p.type, input.Content);
      if (input.Name !== undefined && nameTaken(snap, p.type, input.Name, p.id)) throw OrgErrors.duplicatePolicy();
      const next: PolicyRow = {
        ...p,
        name: input.Name ?? p.name,
        description: input.Description ?? p.description,
        content: input.Content ?? p.content,
      };
      svc.write(() => svc.store.updatePolicy(p.id, next.name, next.description, next.content));
      return { Policy: describe(snap, next) };
    },

    DeletePolicy(input, ctx) {
      const snap = svc.management(ctx);
      const p = customerPolicy(snap, input.PolicyId);
      if (snap.targetsOf(p.id).length > 0) throw OrgErrors.policyInUse();
      svc.write(() => {
        svc.store.deletePolicy(p.id);
        svc.store.deleteTags(snap.id, p.id);
      });
    },

    DescribePolicy(input, ctx) {
      const snap = svc.reader(ctx);
      return { Policy: describe(snap, policyIn(snap, input.PolicyId)) };
    },

    ListPolicies(input, ctx) {
      const snap = svc.reader(ctx);
      const managed = [...MANAGED_POLICIES.values()].filter((p) => p.type === input.Filter);
      const all = [
        ...managed.map((p) => policySummary(snap, { ...p, managed: true })),
        ...[...snap.policies.values()].filter((p) => p.type === input.Filter).map((p) => policySummary(snap, p)),
      ];
      const { items, NextToken } = page(all, input, `policies:${input.Filter}`);
      return { Policies: items, ...(NextToken ? { NextToken } : {}) };
    },

    AttachPolicy(input, ctx) {
      const snap = svc.management(ctx);
      const p = policyIn(snap, input.PolicyId);
      existingTarget(snap, input.TargetId);
      if (!snap.policyTypes.has(p.type)) throw OrgErrors.policyTypeNotEnabled();
      const attached = snap.attachedTo(input.TargetId);
      if (attached.some((a) => a.id === p.id)) throw OrgErrors.duplicatePolicyAttachment();
      if (attached.filter((a) => a.type === p.type).length >= maxAttached(p.type)) {
        throw OrgErrors.constraint('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      }
      svc.write(() => svc.store.attach(snap.id, p.id, input.TargetId));
    },

    DetachPolicy(input, ctx) {
      const snap = svc.management(ctx);
      const p = policyIn(snap, input.PolicyId);
      existingTarget(snap, input.TargetId);
      const attached = snap.attachedTo(input.TargetId);
      if (!attached.some((a) => a.id === p.id)) throw OrgErrors.policyNotAttached();
      if (p.id === RCP_FULL_AWS_ACCESS.id) throw OrgErrors.invalidInput('NON_DETACHABLE_POLICY');
      // Every root, OU and account must keep at least one SCP while SCPs are enabled.
      if (p.type === 'SERVICE_CONTROL_POLICY' && attached.filter((a) => a.type === p.type).length <= 1) {
        throw OrgErrors.constraint('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      }
      svc.write(() => svc.store.detach(snap.id, p.id, input.TargetId));
    },

    ListPoliciesForTarget(input, ctx) {
      const snap = svc.reader(ctx);
      existingTarget(snap, input.TargetId);
      const all = snap
        .attachedTo(input.TargetId)
        .filter((p) => p.type === input.Filter)
        .map((p) => policySummary(snap, p));
      const { items, NextToken } = page(all, input, `policies-for:${input.TargetId}:${input.Filter}`);
      return { Policies: items, ...(NextToken ? { NextToken } : {}) };
    },

    ListTargetsForPolicy(input, ctx) {
      const snap = svc.reader(ctx);
      const p = policyIn(snap, input.PolicyId);
      const all: PolicyTargetSummary[] = snap.targetsOf(p.id).map((id) => ({
        TargetId: id,
        Arn: snap.arnOf(id),
        Name: snap.nameOf(id),
        Type: snap.targetKind(id)!,
      }));
      const { items, NextToken } = page(all, input, `targets:${p.id}`);
      return { Targets: items, ...(NextToken ? { NextToken } : {}) };
    },
  };
}
