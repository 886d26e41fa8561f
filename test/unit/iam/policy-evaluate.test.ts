import { describe, expect, it } from 'vitest';
import {
  accessDeniedMessage,
  evaluate,
  FULL_AWS_ACCESS_RCP,
  FULL_AWS_ACCESS_SCP,
} from '../../../src/iam/policy/index.js';
import type { AuthzPrincipal, PolicySet } from '../../../src/iam/policy/index.js';
import { A, allow, B, deny, policy, QUEUE, req, root, session, user } from './helpers.js';

const SEND = allow('sqs:SendMessage', QUEUE);
const resourceFor = (principal: unknown, stmt: object = SEND) => policy('resource', { ...stmt, Principal: principal });
const decide = (principal: AuthzPrincipal, set: PolicySet, resource = QUEUE) =>
  evaluate(req(principal, { resource }), set).decision;

describe('single policy types', () => {
  it('implicit deny without any policy; root is allowed everything in its account', () => {
    expect(decide(user(), { identity: [] })).toBe('ImplicitDeny');
    expect(decide(root(), { identity: [] })).toBe('Allow');
  });

  it('identity policy allows; explicit deny overrides allow', () => {
    expect(decide(user(), { identity: [policy('identity', SEND)] })).toBe('Allow');
    const both = [policy('identity', SEND), policy('identity', deny('sqs:*'))];
    const result = evaluate(req(user()), { identity: both });
    expect(result.decision).toBe('ExplicitDeny');
    expect(result.deniedBy).toBe('identity-based');
    expect(result.matchedStatements).toEqual([
      { policyType: 'identity-based', policyName: 'identity-policy', index: 0, effect: 'Deny' },
    ]);
  });

  it('actions match case-insensitively with wildcards; NotAction inverts', () => {
    expect(decide(user(), { identity: [policy('identity', allow('SQS:send*'))] })).toBe('Allow');
    expect(decide(user(), { identity: [policy('identity', allow('sqs:Send?essage'))] })).toBe('Allow');
    expect(decide(user(), { identity: [policy('identity', allow('sqs:Receive*'))] })).toBe('ImplicitDeny');
    const notAction = { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' };
    expect(decide(user(), { identity: [policy('identity', notAction)] })).toBe('Allow');
    const notSqs = { Effect: 'Allow', NotAction: 'sqs:*', Resource: '*' };
    expect(decide(user(), { identity: [policy('identity', notSqs)] })).toBe('ImplicitDeny');
  });

  it('NotResource applies to everything except the listed resources', () => {
    const stmt = { Effect: 'Deny', Action: 'sqs:*', NotResource: `arn:aws:sqs:*:${A}:public-*` };
    const identity = [policy('identity', allow('sqs:*')), policy('identity', stmt)];
    expect(decide(user(), { identity })).toBe('ExplicitDeny');
    expect(decide(user(), { identity }, `arn:aws:sqs:us-east-1:${A}:public-1`)).toBe('Allow');
  });

  it('resource policy alone allows a same-account user named by ARN', () => {
    expect(decide(user(), { identity: [], resource: resourceFor({ AWS: user().arn }) })).toBe('Allow');
  });

  it('a deny in the resource policy beats an identity allow', () => {
    const resource = policy('resource', { ...deny('sqs:*'), Principal: '*' });
    const result = evaluate(req(user()), { identity: [policy('identity', SEND)], resource });
    expect(result.decision).toBe('ExplicitDeny');
    expect(result.deniedBy).toBe('resource-based');
  });
});

describe('same-account resource policies (IAM User Guide table)', () => {
  const boundaryDenies = policy('boundary', allow('s3:*'));
  const sessionDenies = [policy('session', allow('s3:*'))];

  it('IAM user ARN: allowed despite implicit deny in identity policy and boundary', () => {
    const set: PolicySet = { identity: [], resource: resourceFor({ AWS: user().arn }), boundary: boundaryDenies };
    expect(decide(user(), set)).toBe('Allow');
  });

  it('role ARN for a role session: allowed with no boundary / session policy', () => {
    expect(decide(session(), { identity: [], resource: resourceFor({ AWS: session().roleArn }) })).toBe('Allow');
  });

  it('role ARN: limited by an implicit deny in the boundary or in session policies', () => {
    const resource = resourceFor({ AWS: session().roleArn });
    const b = evaluate(req(session()), { identity: [], resource, boundary: boundaryDenies });
    expect(b.decision).toBe('ImplicitDeny');
    expect(b.deniedBy).toBe('permissions boundary');
    const s = evaluate(req(session()), { identity: [], resource, session: sessionDenies });
    expect(s.decision).toBe('ImplicitDeny');
    expect(s.deniedBy).toBe('session');
    expect(decide(session(), { identity: [], resource, boundary: policy('boundary', allow('sqs:*')) })).toBe('Allow');
  });

  it('role session ARN: allowed despite implicit denies everywhere', () => {
    const set: PolicySet = {
      identity: [],
      resource: resourceFor({ AWS: session().arn }),
      boundary: boundaryDenies,
      session: sessionDenies,
    };
    expect(decide(session(), set)).toBe('Allow');
  });

  it('federated user session: the parent user ARN is limited by session policies; the session ARN is not', () => {
    const fed: AuthzPrincipal = {
      arn: `arn:aws:sts::${A}:federated-user/bob`,
      accountId: A,
      type: 'FederatedUser',
      username: 'bob',
      parentUserArn: user().arn,
    };
    expect(decide(fed, { identity: [], resource: resourceFor({ AWS: user().arn }), session: sessionDenies })).toBe(
      'ImplicitDeny',
    );
    expect(decide(fed, { identity: [], resource: resourceFor({ AWS: fed.arn }), session: sessionDenies })).toBe(
      'Allow',
    );
    // GetFederationToken without session policies: no permissions from the parent's identity policies.
    expect(decide(fed, { identity: [policy('identity', SEND)], session: [] })).toBe('ImplicitDeny');
  });

  it('account principal only delegates: the identity policy must allow', () => {
    const resource = resourceFor({ AWS: `arn:aws:iam::${A}:root` });
    expect(decide(user(), { identity: [], resource })).toBe('ImplicitDeny');
    expect(decide(user(), { identity: [policy('identity', SEND)], resource })).toBe('Allow');
    expect(decide(user(), { identity: [], resource: resourceFor({ AWS: A }) })).toBe('ImplicitDeny');
  });

  it('"*" grants to everyone, including anonymous callers', () => {
    expect(decide(user(), { identity: [], resource: resourceFor('*') })).toBe('Allow');
    const anon: AuthzPrincipal = { arn: '*', accountId: '', type: 'Anonymous' };
    expect(decide(anon, { identity: [], resource: resourceFor('*') })).toBe('Allow');
    expect(decide(anon, { identity: [], resource: resourceFor({ AWS: A }) })).toBe('ImplicitDeny');
  });

  it('service principals are allowed only by the resource policy', () => {
    const sns: AuthzPrincipal = { arn: 'sns.amazonaws.com', accountId: '', type: 'Service' };
    expect(decide(sns, { identity: [], resource: resourceFor({ Service: 'sns.amazonaws.com' }) })).toBe('Allow');
    expect(decide(sns, { identity: [], resource: resourceFor({ Service: 'events.amazonaws.com' }) })).toBe(
      'ImplicitDeny',
    );
  });

  it('resourcePolicyRequired (trust / key policies): identity allow alone is not enough', () => {
    const identity = [policy('identity', SEND)];
    expect(decide(user(), { identity, resourcePolicyRequired: true })).toBe('ImplicitDeny');
    const delegate = resourceFor({ AWS: `arn:aws:iam::${A}:root` });
    expect(decide(user(), { identity, resource: delegate, resourcePolicyRequired: true })).toBe('Allow');
    expect(decide(user(), { identity: [], resource: delegate, resourcePolicyRequired: true })).toBe('ImplicitDeny');
    expect(decide(root(), { identity: [], resourcePolicyRequired: true })).toBe('ImplicitDeny');
  });
});

describe('boundaries and session policies (intersection)', () => {
  it('identity ∩ boundary', () => {
    const identity = [policy('identity', allow(['sqs:*', 's3:*']))];
    const boundary = policy('boundary', allow('sqs:*'));
    expect(decide(user(), { identity, boundary })).toBe('Allow');
    expect(evaluate(req(user(), { action: 's3:GetObject', resource: '*' }), { identity, boundary }).decision).toBe(
      'ImplicitDeny',
    );
    expect(decide(user(), { identity: [], boundary })).toBe('ImplicitDeny');
  });

  it('identity ∩ session policies', () => {
    const identity = [policy('identity', allow('sqs:*'))];
    expect(decide(session(), { identity, session: [policy('session', SEND)] })).toBe('Allow');
    const r = evaluate(req(session()), { identity, session: [policy('session', allow('s3:*'))] });
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.reason).toBe('because no session policy allows the sqs:SendMessage action');
    expect(decide(session(), { identity: [], session: [policy('session', SEND)] })).toBe('ImplicitDeny');
  });

  it('explicit deny in a boundary or session policy is final', () => {
    const identity = [policy('identity', allow('sqs:*'))];
    const boundary = policy('boundary', [allow('*'), deny('sqs:SendMessage')]);
    const r = evaluate(req(user()), { identity, boundary, resource: resourceFor({ AWS: user().arn }) });
    expect(r.decision).toBe('ExplicitDeny');
    expect(r.deniedBy).toBe('permissions boundary');
    expect(accessDeniedMessage(req(user()), r)).toBe(
      `User: ${user().arn} is not authorized to perform: sqs:SendMessage on resource: ${QUEUE} with an explicit deny in a permissions boundary`,
    );
  });
});

describe('cross-account', () => {
  const caller = user(B, 'bob');
  const identity = [policy('identity', SEND)];

  it('needs both the caller identity policy and the resource policy', () => {
    const resource = resourceFor({ AWS: B });
    expect(decide(caller, { identity, resource })).toBe('Allow');
    const noResource = evaluate(req(caller), { identity });
    expect(noResource.decision).toBe('ImplicitDeny');
    expect(noResource.deniedBy).toBe('resource-based');
    const noIdentity = evaluate(req(caller), { identity: [], resource });
    expect(noIdentity.decision).toBe('ImplicitDeny');
    expect(noIdentity.deniedBy).toBe('identity-based');
  });

  it('naming the user or session directly still needs the caller side', () => {
    expect(decide(caller, { identity: [], resource: resourceFor({ AWS: caller.arn }) })).toBe('ImplicitDeny');
    const s = session(B, 'r', 's');
    expect(decide(s, { identity: [], resource: resourceFor({ AWS: s.arn }) })).toBe('ImplicitDeny');
    expect(decide(s, { identity: [policy('identity', SEND)], resource: resourceFor({ AWS: s.roleArn }) })).toBe(
      'Allow',
    );
  });

  it('a resource policy naming another account does not admit this one', () => {
    expect(decide(caller, { identity, resource: resourceFor({ AWS: '333333333333' }) })).toBe('ImplicitDeny');
  });

  it('the root user of another account needs the resource policy', () => {
    expect(decide(root(B), { identity: [] })).toBe('ImplicitDeny');
    expect(decide(root(B), { identity: [], resource: resourceFor({ AWS: `arn:aws:iam::${B}:root` }) })).toBe('Allow');
  });

  it('explicit resourceAccountId decides for ARNs without an account (S3)', () => {
    const r = req(caller, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', resourceAccountId: A });
    expect(evaluate(r, { identity: [policy('identity', allow('s3:*'))] }).decision).toBe('ImplicitDeny');
    const sameAccount = { ...r, resourceAccountId: B };
    expect(evaluate(sameAccount, { identity: [policy('identity', allow('s3:*'))] }).decision).toBe('Allow');
  });
});

describe('NotPrincipal', () => {
  const denyAllBut = (principals: string[]) =>
    policy('resource', [
      { ...deny('sqs:*'), NotPrincipal: { AWS: principals } },
      { ...SEND, Principal: '*' },
    ]);

  it('Deny with NotPrincipal exempts a user listed with its account', () => {
    expect(decide(user(), { identity: [], resource: denyAllBut([user().arn, A]) })).toBe('Allow');
    expect(
      decide(user(B, 'bob'), { identity: [policy('identity', SEND)], resource: denyAllBut([user().arn, A]) }),
    ).toBe('ExplicitDeny');
  });

  it('a role session is exempt only when session, role and account are all listed', () => {
    const s = session();
    expect(decide(s, { identity: [], resource: denyAllBut([s.arn, s.roleArn!, `arn:aws:iam::${A}:root`]) })).toBe(
      'Allow',
    );
    expect(decide(s, { identity: [], resource: denyAllBut([s.roleArn!, `arn:aws:iam::${A}:root`]) })).toBe(
      'ExplicitDeny',
    );
    expect(decide(s, { identity: [], resource: denyAllBut([s.arn, s.roleArn!]) })).toBe('ExplicitDeny');
  });

  it('Deny with NotPrincipal always denies principals with a permissions boundary', () => {
    const set: PolicySet = {
      identity: [],
      resource: denyAllBut([user().arn, A]),
      boundary: policy('boundary', allow('*')),
    };
    expect(decide(user(), set)).toBe('ExplicitDeny');
  });

  it('Allow with NotPrincipal grants everyone not listed', () => {
    const resource = policy('resource', { ...SEND, NotPrincipal: { AWS: `arn:aws:iam::${A}:user/mallory` } });
    expect(decide(user(), { identity: [], resource })).toBe('Allow');
  });
});

describe('organizations: SCPs and RCPs', () => {
  const identity = [policy('identity', allow('sqs:*'))];
  const full = [FULL_AWS_ACCESS_SCP];

  it('every SCP level must allow', () => {
    expect(decide(user(), { identity, scps: [full, full, full] })).toBe('Allow');
    const ouOnlyS3 = [policy('scp', allow('s3:*'))];
    const r = evaluate(req(user()), { identity, scps: [full, ouOnlyS3, full] });
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.deniedBy).toBe('service control');
    expect(r.reason).toBe('because no service control policy allows the sqs:SendMessage action');
    // An allow at the account level does not make up for a missing allow at an OU.
    expect(decide(user(), { identity, scps: [full, ouOnlyS3, [policy('scp', allow('sqs:*'))]] })).toBe('ImplicitDeny');
  });

  it('SCPs never grant: the identity policy is still needed', () => {
    expect(decide(user(), { identity: [], scps: [full] })).toBe('ImplicitDeny');
  });

  it('an SCP deny applies to the root user of a member account', () => {
    const r = evaluate(req(root()), { identity: [], scps: [[FULL_AWS_ACCESS_SCP, policy('scp', deny('sqs:*'))]] });
    expect(r.decision).toBe('ExplicitDeny');
    expect(r.deniedBy).toBe('service control');
  });

  it('SCPs do not apply to the management account or service-linked roles', () => {
    const scps = [[policy('scp', deny('sqs:*'))]];
    expect(decide(user(), { identity, scps, principalInManagementAccount: true })).toBe('Allow');
    expect(decide({ ...session(), isServiceLinkedRole: true }, { identity, scps })).toBe('Allow');
  });

  it('SCPs of the caller account apply cross-account, not those of the resource account', () => {
    const caller = user(B, 'bob');
    const resource = resourceFor({ AWS: B });
    expect(decide(caller, { identity, resource, scps: [[policy('scp', allow('s3:*'))]] })).toBe('ImplicitDeny');
  });

  it('SCP conditions are evaluated', () => {
    const scp = policy('scp', [
      allow('*'),
      deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }),
    ]);
    expect(
      evaluate(req(user(), { context: { 'aws:RequestedRegion': 'eu-west-1' } }), { identity, scps: [[scp]] }).decision,
    ).toBe('Allow');
    expect(
      evaluate(req(user(), { context: { 'aws:RequestedRegion': 'us-east-1' } }), { identity, scps: [[scp]] }).decision,
    ).toBe('ExplicitDeny');
  });

  it('RCPs restrict resource access for every caller, even with a resource policy allow', () => {
    const rcp = policy('rcp', {
      ...deny('sqs:*'),
      Principal: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } },
    });
    const anon: AuthzPrincipal = { arn: '*', accountId: '', type: 'Anonymous' };
    const set: PolicySet = { identity: [], resource: resourceFor('*'), rcps: [[FULL_AWS_ACCESS_RCP, rcp]] };
    const r = evaluate(req(anon, { context: { 'aws:PrincipalOrgID': 'o-other' } }), set);
    expect(r.decision).toBe('ExplicitDeny');
    expect(r.deniedBy).toBe('resource control');
    expect(evaluate(req(user(), { context: { 'aws:PrincipalOrgID': 'o-abc' } }), set).decision).toBe('Allow');
  });

  it('an RCP level without an allow denies; management-account resources are exempt', () => {
    expect(decide(user(), { identity, rcps: [[FULL_AWS_ACCESS_RCP], []] })).toBe('ImplicitDeny');
    const rcps = [[policy('rcp', { ...deny('sqs:*'), Principal: '*' })]];
    expect(decide(user(), { identity, rcps, resourceInManagementAccount: true })).toBe('Allow');
    expect(decide({ ...session(), isServiceLinkedRole: true }, { identity, rcps })).toBe('Allow');
  });
});

describe('trust policies', () => {
  const roleArn = `arn:aws:iam::${A}:role/target`;
  const assume = (principal: AuthzPrincipal, trust: object, identity = [] as PolicySet['identity']) =>
    evaluate(
      { principal, action: 'sts:AssumeRole', resource: roleArn, context: {} },
      { identity, resource: policy('trust', trust), resourcePolicyRequired: true },
    ).decision;

  it('cross-account: trusting the account needs the caller identity permission', () => {
    const trust = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sts:AssumeRole' };
    expect(assume(user(B, 'bob'), trust)).toBe('ImplicitDeny');
    expect(assume(user(B, 'bob'), trust, [policy('identity', allow('sts:AssumeRole', roleArn))])).toBe('Allow');
  });

  it('web identity callers are admitted by the Federated principal and conditions', () => {
    const trust = {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'pool-1' } },
    };
    const web: AuthzPrincipal = { arn: 'cognito-identity.amazonaws.com', accountId: '', type: 'WebIdentity' };
    const call = (aud: string) =>
      evaluate(
        {
          principal: web,
          action: 'sts:AssumeRoleWithWebIdentity',
          resource: roleArn,
          context: { 'cognito-identity.amazonaws.com:aud': aud },
        },
        { identity: [], resource: policy('trust', trust), resourcePolicyRequired: true },
      ).decision;
    expect(call('pool-1')).toBe('Allow');
    expect(call('pool-2')).toBe('ImplicitDeny');
  });
});
