// SimulatePrincipalPolicy includes the SCPs of the entity's account (OrganizationsDecisionDetail), as AWS's
// simulator does; tag-on-create requests carry aws:RequestTag/* for tag-enforcing SCPs (SNS, DynamoDB).
import { describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { useAtoll } from '../helpers/atoll.js';

const MGMT = '222222222222';
const ctx = useAtoll();

const config = (accountId: string) => ({
  endpoint: ctx.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: accountId, secretAccessKey: 'x' },
  maxAttempts: 1,
});

const DENY_UNTAGGED = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Action: ['sns:CreateTopic', 'dynamodb:CreateTable', 's3:PutObject'],
      Resource: '*',
      Condition: { Null: { 'aws:RequestTag/Owner': 'true' } },
    },
  ],
});

async function memberWithScp(): Promise<string> {
  const org = new OrganizationsClient(config(MGMT));
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  const started = await org.send(new CreateAccountCommand({ AccountName: 'member', Email: 'member@example.com' }));
  let accountId: string | undefined;
  for (let i = 0; i < 100 && !accountId; i++) {
    const s = await org.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.CreateAccountStatus!.Id! }),
    );
    accountId =
      s.CreateAccountStatus?.AccountId && s.CreateAccountStatus.State === 'SUCCEEDED'
        ? s.CreateAccountStatus.AccountId
        : undefined;
    if (!accountId) await new Promise((r) => setTimeout(r, 50));
  }
  const policy = await org.send(
    new CreatePolicyCommand({
      Name: 'owner-tag',
      Description: 'd',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: DENY_UNTAGGED,
    }),
  );
  await org.send(new AttachPolicyCommand({ PolicyId: policy.Policy!.PolicySummary!.Id!, TargetId: rootId }));
  return accountId!;
}

async function adminRole(accountId: string): Promise<string> {
  const iam = new IAMClient(config(accountId));
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }],
  };
  await iam.send(new CreateRoleCommand({ RoleName: 'admin', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const all = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  await iam.send(
    new PutRolePolicyCommand({ RoleName: 'admin', PolicyName: 'all', PolicyDocument: JSON.stringify(all) }),
  );
  return `arn:aws:iam::${accountId}:role/admin`;
}

describe('SCPs in the simulator and in tag-on-create requests', () => {
  it('simulates a member role through its SCPs and exempts the management account', async () => {
    const member = await memberWithScp();
    const sim = (accountId: string, arn: string, owner?: string) =>
      new IAMClient(config(accountId)).send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: arn,
          ActionNames: ['s3:PutObject'],
          ContextEntries: owner
            ? [{ ContextKeyName: 'aws:RequestTag/Owner', ContextKeyType: 'string', ContextKeyValues: [owner] }]
            : [],
        }),
      );
    const role = await adminRole(member);
    const denied = (await sim(member, role)).EvaluationResults![0]!;
    expect(denied.EvalDecision).toBe('explicitDeny');
    expect(denied.OrganizationsDecisionDetail).toEqual({ AllowedByOrganizations: false });
    const allowed = (await sim(member, role, 'team')).EvaluationResults![0]!;
    expect(allowed.EvalDecision).toBe('allowed');
    expect(allowed.OrganizationsDecisionDetail).toEqual({ AllowedByOrganizations: true });
    const mgmt = (await sim(MGMT, await adminRole(MGMT))).EvaluationResults![0]!;
    expect(mgmt.EvalDecision).toBe('allowed');
    expect(mgmt.OrganizationsDecisionDetail).toBeUndefined();

    // The member's root is bound by the SCP; tags on create satisfy it (SNS CreateTopic, DynamoDB CreateTable).
    const sns = new SNSClient(config(member));
    await expect(sns.send(new CreateTopicCommand({ Name: 't' }))).rejects.toMatchObject({
      // SNS's <Code>AuthorizationError</Code>, which the SDK names after the model shape.
      name: 'AuthorizationErrorException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      sns.send(new CreateTopicCommand({ Name: 't', Tags: [{ Key: 'Owner', Value: 'team' }] })),
    ).resolves.toHaveProperty('TopicArn');
    const ddb = new DynamoDBClient(config(member));
    const table = {
      TableName: 'owner-tagged',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
      BillingMode: 'PAY_PER_REQUEST' as const,
    };
    await expect(ddb.send(new CreateTableCommand(table))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(
      ddb.send(new CreateTableCommand({ ...table, Tags: [{ Key: 'Owner', Value: 'team' }] })),
    ).resolves.toHaveProperty('TableDescription');
  });
});
