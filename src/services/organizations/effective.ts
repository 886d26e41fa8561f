// DescribeEffectivePolicy for the management policy types, computed from the account's path in the tree.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import type { OrgService } from './service.js';
import { OrgErrors } from './errors.js';
import { effectivePolicy } from './inheritance.js';

export function effectiveHandlers(svc: OrgService): Pick<HandlerTable<Operations>, 'DescribeEffectivePolicy'> {
  return {
    DescribeEffectivePolicy(input, ctx) {
      const snap = svc.member(ctx);
      const targetId = input.TargetId ?? ctx.accountId;
      // Members may ask only about themselves; the management account about any account.
      if (targetId !== ctx.accountId && ctx.accountId !== snap.management) throw OrgErrors.accessDenied();
      const kind = snap.targetKind(targetId);
      if (kind === 'ROOT' || kind === 'ORGANIZATIONAL_UNIT') throw OrgErrors.invalidInput('TARGET_NOT_SUPPORTED');
      if (kind === undefined) throw OrgErrors.targetNotFound();
      if (!snap.policyTypes.has(input.PolicyType)) throw OrgErrors.effectivePolicyNotFound();
      const levels = snap.pathTo(targetId).map((t) =>
        snap
          .attachedTo(t)
          .filter((p) => p.type === input.PolicyType)
          .map((p) => p.content),
      );
      const merged = effectivePolicy(levels);
      if (!merged) throw OrgErrors.effectivePolicyNotFound();
      return {
        EffectivePolicy: {
          PolicyContent: JSON.stringify(merged),
          LastUpdatedTimestamp: new Date(svc.now()),
          TargetId: targetId,
          PolicyType: input.PolicyType,
        },
      };
    },
  };
}
