// Shared by the execution-role tests: IAM roles trusting a service, inline policies, queues.
import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { uniqueName } from '../helpers/util.js';

export const ACCT = '000000000000';

export function trust(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/** A role whose trust policy lets `service` assume it, with no permissions yet. */
export async function createRole(iam: IAMClient, service: string): Promise<{ name: string; arn: string }> {
  const name = uniqueName('role');
  const out = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(service) }));
  return { name, arn: out.Role!.Arn! };
}

/** Sets the role's inline policy `p` to allow one action on one resource. */
export async function allowRole(iam: IAMClient, roleName: string, action: string, resource: string): Promise<void> {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] };
  await iam.send(
    new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'p', PolicyDocument: JSON.stringify(doc) }),
  );
}

export async function createQueue(sqs: SQSClient): Promise<{ url: string; arn: string; name: string }> {
  const name = uniqueName('xq');
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  return { url, arn: `arn:aws:sqs:us-east-1:${ACCT}:${name}`, name };
}
