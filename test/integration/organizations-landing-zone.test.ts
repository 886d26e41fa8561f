// The seed landing zone through the real SDK: an organization with Security/Workloads/Sandbox OUs and nested OUs,
// accounts created (asynchronously) and moved into them, an SCP attached per target, and an effective tag policy.
import { describe, expect, it } from 'vitest';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribeEffectivePolicyCommand,
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  OrganizationsClient,
  type CreateAccountStatus,
} from '@aws-sdk/client-organizations';
import { useAtoll } from '../helpers/atoll.js';

const MGMT = '111111111111';
const ctx = useAtoll();

function client(accountId = MGMT): OrganizationsClient {
  return new OrganizationsClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: accountId, secretAccessKey: 'x' },
    maxAttempts: 1,
  });
}

async function createAccount(org: OrganizationsClient, name: string): Promise<string> {
  const started = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  expect(started.CreateAccountStatus?.State).toBe('IN_PROGRESS');
  expect(started.CreateAccountStatus?.Id).toMatch(/^car-[a-z0-9]{32}$/);
  let status: CreateAccountStatus | undefined;
  for (let i = 0; i < 100; i++) {
    const r = await org.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.CreateAccountStatus!.Id! }),
    );
    status = r.CreateAccountStatus;
    if (status?.State !== 'IN_PROGRESS') break;
    await new Promise((res) => setTimeout(res, 20));
  }
  expect(status?.State).toBe('SUCCEEDED');
  expect(status?.AccountId).toMatch(/^\d{12}$/);
  return status!.AccountId!;
}

describe('organizations landing zone', () => {
  it('builds OUs, accounts, an SCP and an effective tag policy', async () => {
    const org = client();
    const created = await org.send(new CreateOrganizationCommand({}));
    const orgId = created.Organization!.Id!;
    expect(orgId).toMatch(/^o-[a-z0-9]{10}$/);
    expect(created.Organization!.Arn).toBe(`arn:aws:organizations::${MGMT}:organization/${orgId}`);
    expect(created.Organization!.FeatureSet).toBe('ALL');
    expect(created.Organization!.MasterAccountId).toBe(MGMT);

    const root = (await org.send(new ListRootsCommand({}))).Roots![0]!;
    expect(root.Id).toMatch(/^r-[a-z0-9]{4}$/);
    expect(root.Arn).toBe(`arn:aws:organizations::${MGMT}:root/${orgId}/${root.Id}`);

    const ou = async (parent: string, name: string) =>
      (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit!;
    const security = await ou(root.Id!, 'Security');
    const workloads = await ou(root.Id!, 'Workloads');
    const sandbox = await ou(root.Id!, 'Sandbox');
    const prod = await ou(workloads.Id!, 'Prod');
    const dev = await ou(workloads.Id!, 'Dev');
    expect(prod.Id).toMatch(new RegExp(`^ou-${root.Id!.slice(2)}-[a-z0-9]{8}$`));
    expect(prod.Arn).toBe(`arn:aws:organizations::${MGMT}:ou/${orgId}/${prod.Id}`);

    const children = await org.send(new ListChildrenCommand({ ParentId: root.Id!, ChildType: 'ORGANIZATIONAL_UNIT' }));
    expect(children.Children!.map((c) => c.Id).sort()).toEqual([security.Id, workloads.Id, sandbox.Id].sort());

    const logArchive = await createAccount(org, 'log-archive');
    const app = await createAccount(org, 'app-prod');
    const play = await createAccount(org, 'playground');
    await org.send(
      new MoveAccountCommand({ AccountId: logArchive, SourceParentId: root.Id!, DestinationParentId: security.Id! }),
    );
    await org.send(new MoveAccountCommand({ AccountId: app, SourceParentId: root.Id!, DestinationParentId: prod.Id! }));
    await org.send(
      new MoveAccountCommand({ AccountId: play, SourceParentId: root.Id!, DestinationParentId: sandbox.Id! }),
    );
    await expect(
      org.send(new MoveAccountCommand({ AccountId: app, SourceParentId: root.Id!, DestinationParentId: dev.Id! })),
    ).rejects.toMatchObject({ name: 'SourceParentNotFoundException' });
    await expect(
      org.send(new MoveAccountCommand({ AccountId: app, SourceParentId: prod.Id!, DestinationParentId: prod.Id! })),
    ).rejects.toMatchObject({ name: 'DuplicateAccountException' });

    const inProd = await org.send(new ListAccountsForParentCommand({ ParentId: prod.Id! }));
    expect(inProd.Accounts!.map((a) => a.Id)).toEqual([app]);
    expect(inProd.Accounts![0]!.JoinedMethod).toBe('CREATED');
    const parents = await org.send(new ListParentsCommand({ ChildId: app }));
    expect(parents.Parents).toEqual([{ Id: prod.Id, Type: 'ORGANIZATIONAL_UNIT' }]);

    // Members see the organization but not the management APIs.
    const member = client(app);
    const seen = await member.send(new DescribeOrganizationCommand({}));
    expect(seen.Organization!.Id).toBe(orgId);
    await expect(member.send(new ListRootsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });

    // SCPs: enabling attaches FullAWSAccess everywhere; a custom SCP then goes on the Sandbox OU.
    await expect(
      org.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: sandbox.Id! })),
    ).rejects.toMatchObject({ name: 'PolicyTypeNotEnabledException' });
    const enabled = await org.send(
      new EnablePolicyTypeCommand({ RootId: root.Id!, PolicyType: 'SERVICE_CONTROL_POLICY' }),
    );
    expect(enabled.Root!.PolicyTypes).toEqual([{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    const scp = (
      await org.send(
        new CreatePolicyCommand({
          Name: 'DenyLeaveOrg',
          Description: 'Members may not leave',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
          }),
        }),
      )
    ).Policy!.PolicySummary!;
    expect(scp.Arn).toBe(`arn:aws:organizations::${MGMT}:policy/${orgId}/service_control_policy/${scp.Id}`);
    await org.send(new AttachPolicyCommand({ PolicyId: scp.Id!, TargetId: sandbox.Id! }));
    const onSandbox = await org.send(
      new ListPoliciesForTargetCommand({ TargetId: sandbox.Id!, Filter: 'SERVICE_CONTROL_POLICY' }),
    );
    expect(onSandbox.Policies!.map((p) => p.Id)).toEqual(['p-FullAWSAccess', scp.Id]);
    const onAccount = await org.send(
      new ListPoliciesForTargetCommand({ TargetId: app, Filter: 'SERVICE_CONTROL_POLICY' }),
    );
    expect(onAccount.Policies).toEqual([
      {
        Id: 'p-FullAWSAccess',
        Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
        Name: 'FullAWSAccess',
        Description: 'Allows access to every operation',
        Type: 'SERVICE_CONTROL_POLICY',
        AwsManaged: true,
      },
    ]);
    const targets = await org.send(new ListTargetsForPolicyCommand({ PolicyId: scp.Id! }));
    expect(targets.Targets).toEqual([
      { TargetId: sandbox.Id, Arn: sandbox.Arn, Name: 'Sandbox', Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    await expect(
      org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: app })),
    ).rejects.toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
    });

    // Tag policies: root assigns CostCenter values, the Workloads OU appends one, the account's effective policy merges.
    await org.send(new EnablePolicyTypeCommand({ RootId: root.Id!, PolicyType: 'TAG_POLICY' }));
    const tagPolicy = async (name: string, doc: unknown) =>
      (
        await org.send(
          new CreatePolicyCommand({ Name: name, Description: name, Type: 'TAG_POLICY', Content: JSON.stringify(doc) }),
        )
      ).Policy!.PolicySummary!.Id!;
    const rootTags = await tagPolicy('root-tags', {
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'CostCenter' },
          tag_value: { '@@assign': ['Development', 'Support'] },
        },
      },
    });
    const workloadTags = await tagPolicy('workload-tags', {
      tags: {
        costcenter: { tag_value: { '@@append': ['Production'] }, enforced_for: { '@@assign': ['ec2:instance'] } },
      },
    });
    await org.send(new AttachPolicyCommand({ PolicyId: rootTags, TargetId: root.Id! }));
    await org.send(new AttachPolicyCommand({ PolicyId: workloadTags, TargetId: workloads.Id! }));
    const effective = await org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: app }));
    expect(JSON.parse(effective.EffectivePolicy!.PolicyContent!)).toEqual({
      tags: {
        costcenter: {
          tag_key: 'CostCenter',
          tag_value: ['Development', 'Support', 'Production'],
          enforced_for: ['ec2:instance'],
        },
      },
    });
    const forPlay = await member.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY' }));
    expect(forPlay.EffectivePolicy!.TargetId).toBe(app);
  });
});
