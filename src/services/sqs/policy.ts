// AddPermission/RemovePermission edit the queue's Policy document the way AWS does: one statement per label
// (Sid = label), principals as account root ARNs, actions prefixed "SQS:", resource = the queue ARN.
import { SqsErrors } from './errors.js';

interface PolicyDoc {
  Version?: string;
  Id?: string;
  Statement: Array<Record<string, unknown>>;
  [k: string]: unknown;
}

const labelInvalid = (label: string, reason: string) =>
  SqsErrors.invalidParameterValue(`Value ${label} for parameter Label is invalid. Reason: ${reason}`);

// Actions AddPermission may grant; owner-only actions (CreateQueue, SetQueueAttributes, ...) are refused.
const SHAREABLE = new Set([
  '*',
  'SendMessage',
  'ReceiveMessage',
  'DeleteMessage',
  'ChangeMessageVisibility',
  'GetQueueAttributes',
  'GetQueueUrl',
  'ListDeadLetterSourceQueues',
  'PurgeQueue',
  'ListQueueTags',
  'StartMessageMoveTask',
  'CancelMessageMoveTask',
  'ListMessageMoveTasks',
]);

function parse(policy: string | undefined, queueArn: string): PolicyDoc {
  if (!policy) return { Version: '2012-10-17', Id: `${queueArn}/SQSDefaultPolicy`, Statement: [] };
  const doc = JSON.parse(policy) as PolicyDoc;
  if (!Array.isArray(doc.Statement)) doc.Statement = doc.Statement ? [doc.Statement as Record<string, unknown>] : [];
  return doc;
}

export function addPermission(
  policy: string | undefined,
  queueArn: string,
  label: string,
  accountIds: string[],
  actions: string[],
): string {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(label)) {
    throw labelInvalid(label, 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
  if (accountIds.length === 0) throw SqsErrors.missingParameter('AWSAccountIds');
  if (actions.length === 0) throw SqsErrors.missingParameter('Actions');
  if (actions.length > 7) throw SqsErrors.overLimit(`${actions.length} Actions were found, maximum allowed is 7.`);
  for (const a of actions) {
    if (!SHAREABLE.has(a)) {
      throw SqsErrors.invalidParameter('ActionName', a, 'Only the queue owner is allowed to invoke this action.');
    }
  }
  const doc = parse(policy, queueArn);
  if (doc.Statement.some((s) => s.Sid === label)) throw labelInvalid(label, 'Already exists.');
  const principals = accountIds.map((id) => (/^\d{12}$/.test(id) ? `arn:aws:iam::${id}:root` : id));
  const sqsActions = actions.map((a) => `SQS:${a}`);
  doc.Statement.push({
    Sid: label,
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: sqsActions.length === 1 ? sqsActions[0] : sqsActions,
    Resource: queueArn,
  });
  return JSON.stringify(doc);
}

/** Returns the new policy, or '' when no statement remains (the attribute is removed). */
export function removePermission(policy: string | undefined, queueArn: string, label: string): string {
  const doc = parse(policy, queueArn);
  const idx = doc.Statement.findIndex((s) => s.Sid === label);
  if (idx < 0) throw labelInvalid(label, "can't find label on existing policy.");
  doc.Statement.splice(idx, 1);
  return doc.Statement.length === 0 ? '' : JSON.stringify(doc);
}
