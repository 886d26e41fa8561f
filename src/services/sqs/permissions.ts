// AddPermission / RemovePermission handlers over the queue's Policy attribute.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import type { SqsService } from './service.js';
import { addPermission, removePermission } from './policy.js';

export function permissionHandlers(
  svc: SqsService,
): Pick<HandlerTable<Operations>, 'AddPermission' | 'RemovePermission'> {
  const write = (queueId: number, attributes: Record<string, string>, policy: string) => {
    const next = { ...attributes };
    if (policy === '') delete next.Policy;
    else next.Policy = policy;
    svc.tx(() => svc.store.updateAttributes(queueId, JSON.stringify(next), svc.now()));
    svc.queues.refresh(queueId);
  };
  return {
    AddPermission(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const policy = addPermission(
        q.attributes.Policy,
        q.arn,
        input.Label,
        input.AWSAccountIds ?? [],
        input.Actions ?? [],
      );
      write(q.id, q.attributes, policy);
      return;
    },
    RemovePermission(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      write(q.id, q.attributes, removePermission(q.attributes.Policy, q.arn, input.Label));
      return;
    },
  };
}
