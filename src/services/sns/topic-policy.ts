// Topic access policy documents: AWS's default policy for a new topic, and AddPermission/RemovePermission
// edits (one statement per label, principals as account root ARNs, actions prefixed "SNS:").
import { SnsErrors } from './errors.js';

interface PolicyDoc {
  Version?: string;
  Id?: string;
  Statement: Array<Record<string, unknown>>;
  [k: string]: unknown;
}

const OWNER_ACTIONS = [
  'SNS:GetTopicAttributes',
  'SNS:SetTopicAttributes',
  'SNS:AddPermission',
  'SNS:RemovePermission',
  'SNS:DeleteTopic',
  'SNS:Subscribe',
  'SNS:ListSubscriptionsByTopic',
  'SNS:Publish',
];

export function defaultTopicPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: OWNER_ACTIONS,
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

function parse(policy: string): PolicyDoc {
  const doc = JSON.parse(policy) as PolicyDoc;
  if (!Array.isArray(doc.Statement)) doc.Statement = doc.Statement ? [doc.Statement as Record<string, unknown>] : [];
  return doc;
}

export function addPermission(
  policy: string,
  topicArn: string,
  label: string,
  accountIds: string[],
  actions: string[],
): string {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(label)) throw SnsErrors.invalidParameter('Label');
  if (accountIds.length === 0) throw SnsErrors.invalidParameter('AWSAccountId');
  if (actions.length === 0) throw SnsErrors.invalidParameter('ActionName');
  const doc = parse(policy);
  if (doc.Statement.some((s) => s.Sid === label)) {
    throw SnsErrors.invalidParameter('Statement already exists');
  }
  const principals = accountIds.map((id) => (/^\d{12}$/.test(id) ? `arn:aws:iam::${id}:root` : id));
  const snsActions = actions.map((a) => (a === '*' ? 'SNS:*' : `SNS:${a}`));
  doc.Statement.push({
    Sid: label,
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: snsActions.length === 1 ? snsActions[0] : snsActions,
    Resource: topicArn,
  });
  return JSON.stringify(doc);
}

export function removePermission(policy: string, label: string): string {
  const doc = parse(policy);
  const idx = doc.Statement.findIndex((s) => s.Sid === label);
  // AWS answers success for a label the policy does not have.
  if (idx >= 0) doc.Statement.splice(idx, 1);
  return JSON.stringify(doc);
}
