// Policy types on the root: EnablePolicyType / DisablePolicyType, and the default attachments (FullAWSAccess,
// RCPFullAWSAccess) every root, OU and account carries while its type is enabled.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import type { OrgService } from './service.js';
import type { OrgSnapshot } from './model.js';
import { OrgErrors } from './errors.js';
import { defaultPolicyFor } from './managed.js';
import { rootShape } from './shapes.js';

/** Attaches the managed default policy of each enabled type to a new OU or account (inside a write). */
export function attachDefaults(svc: OrgService, snap: OrgSnapshot, targetId: string): void {
  for (const type of snap.policyTypes) {
    const managed = defaultPolicyFor(type);
    if (managed) svc.store.attach(snap.id, managed.id, targetId);
  }
}

function checkRoot(snap: OrgSnapshot, rootId: string): void {
  if (rootId !== snap.rootId) throw OrgErrors.rootNotFound();
}

export function policyTypeHandlers(
  svc: OrgService,
): Pick<HandlerTable<Operations>, 'EnablePolicyType' | 'DisablePolicyType'> {
  return {
    EnablePolicyType(input, ctx) {
      const snap = svc.management(ctx);
      checkRoot(snap, input.RootId);
      if (!snap.allFeatures) throw OrgErrors.policyTypeNotAvailable();
      if (snap.policyTypes.has(input.PolicyType)) throw OrgErrors.policyTypeAlreadyEnabled();
      const managed = defaultPolicyFor(input.PolicyType);
      svc.write(() => {
        svc.store.enablePolicyType(snap.id, input.PolicyType);
        if (managed) {
          for (const target of [snap.rootId, ...snap.ous.keys(), ...snap.accounts.keys()]) {
            svc.store.attach(snap.id, managed.id, target);
          }
        }
      });
      return { Root: rootShape(svc.snapshot(snap.id)!) };
    },

    DisablePolicyType(input, ctx) {
      const snap = svc.management(ctx);
      checkRoot(snap, input.RootId);
      if (!snap.policyTypes.has(input.PolicyType)) throw OrgErrors.policyTypeNotEnabled();
      // Disabling a type detaches every policy of that type from every target.
      svc.write(() => {
        svc.store.disablePolicyType(snap.id, input.PolicyType);
        for (const [target, ids] of snap.byTarget) {
          for (const id of ids) if (snap.policy(id)?.type === input.PolicyType) svc.store.detach(snap.id, id, target);
        }
      });
      return { Root: rootShape(svc.snapshot(snap.id)!) };
    },
  };
}
