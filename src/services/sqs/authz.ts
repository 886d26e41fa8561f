// The IAM action and queue ARN each SQS operation needs: `sqs:<Action>` on the queue the request addresses (batch
// operations are authorized as their single-message action), CreateQueue on the queue it would create, and
// ListQueues on '*'.
import type { AuthzTarget, RequestContext } from '../types.js';
import { parseQueueUrl, queueArn } from './urls.js';

type Input = Record<string, unknown>;

const ACTION: Record<string, string> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

function queueResource(operation: string, input: Input, ctx: RequestContext): string {
  const name = typeof input.QueueName === 'string' ? input.QueueName : undefined;
  if (operation === 'CreateQueue' && name !== undefined) return queueArn(ctx.region, ctx.accountId, name);
  if (operation === 'GetQueueUrl' && name !== undefined) {
    const owner = typeof input.QueueOwnerAWSAccountId === 'string' ? input.QueueOwnerAWSAccountId : ctx.accountId;
    return queueArn(ctx.region, owner, name);
  }
  if (typeof input.SourceArn === 'string') return input.SourceArn;
  if (operation === 'ListQueues' || operation === 'CancelMessageMoveTask') return '*';
  try {
    const ref = parseQueueUrl(typeof input.QueueUrl === 'string' ? input.QueueUrl : undefined, ctx);
    return queueArn(ctx.region, ref.accountId, ref.name);
  } catch {
    return '*'; // the handler answers the malformed URL with SQS's own error
  }
}

export function sqsAuthorization(operation: string, input: Input, ctx: RequestContext): AuthzTarget[] {
  const target: AuthzTarget = {
    action: `sqs:${ACTION[operation] ?? operation}`,
    resource: queueResource(operation, input, ctx),
  };
  const tags = input.tags;
  if (operation === 'CreateQueue' && tags && typeof tags === 'object') {
    const entries = Object.entries(tags as Record<string, string>);
    if (entries.length > 0) {
      target.context = Object.fromEntries(entries.map(([k, v]) => [`aws:RequestTag/${k}`, v]));
      target.context['aws:TagKeys'] = entries.map(([k]) => k);
    }
  }
  return [target];
}
