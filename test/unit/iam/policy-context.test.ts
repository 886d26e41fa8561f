import { describe, expect, it } from 'vitest';
import { buildGlobalContext, evaluate } from '../../../src/iam/policy/index.js';
import type { AuthzPrincipal } from '../../../src/iam/policy/index.js';
import { A, allow, policy, req, root, session, user } from './helpers.js';

const now = Date.UTC(2024, 5, 15, 12, 0, 0, 123);

describe('buildGlobalContext', () => {
  it('IAM user', () => {
    const ctx = buildGlobalContext({
      principal: { ...user(), tags: { team: 'blue' }, orgId: 'o-abc', orgPaths: ['o-abc/r-1/ou-1/'] },
      now,
      sourceIp: '203.0.113.5',
      secureTransport: true,
      requestedRegion: 'eu-west-1',
    });
    expect(ctx).toEqual({
      'aws:CurrentTime': '2024-06-15T12:00:00Z',
      'aws:EpochTime': 1718452800,
      'aws:PrincipalIsAWSService': false,
      'aws:ViaAWSService': false,
      'aws:PrincipalType': 'User',
      'aws:PrincipalArn': `arn:aws:iam::${A}:user/alice`,
      'aws:userid': 'AIDAEXAMPLE',
      'aws:username': 'alice',
      'aws:PrincipalAccount': A,
      'aws:PrincipalOrgID': 'o-abc',
      'aws:PrincipalOrgPaths': ['o-abc/r-1/ou-1/'],
      'aws:PrincipalTag/team': 'blue',
      'aws:SourceIp': '203.0.113.5',
      'aws:SecureTransport': true,
      'aws:RequestedRegion': 'eu-west-1',
    });
  });

  it('assumed role: aws:userid is role-id:session, aws:PrincipalArn is the role, no aws:username', () => {
    const ctx = buildGlobalContext({ principal: session(A, 'app', 'my-session'), now });
    expect(ctx['aws:userid']).toBe('AROAEXAMPLE:my-session');
    expect(ctx['aws:PrincipalArn']).toBe(`arn:aws:iam::${A}:role/app`);
    expect(ctx['aws:PrincipalType']).toBe('AssumedRole');
    expect(ctx['aws:username']).toBeUndefined();
  });

  it('root, federated user, anonymous and service principals', () => {
    const r = buildGlobalContext({ principal: root(), now });
    expect([r['aws:userid'], r['aws:PrincipalType'], r['aws:PrincipalArn']]).toEqual([
      A,
      'Account',
      `arn:aws:iam::${A}:root`,
    ]);
    const fed: AuthzPrincipal = { arn: `arn:aws:sts::${A}:federated-user/bob`, accountId: A, type: 'FederatedUser' };
    const f = buildGlobalContext({ principal: fed, now });
    expect([f['aws:userid'], f['aws:PrincipalType'], f['aws:PrincipalArn']]).toEqual([
      `${A}:bob`,
      'FederatedUser',
      fed.arn,
    ]);
    const a = buildGlobalContext({ principal: { arn: '*', accountId: '', type: 'Anonymous' }, now });
    expect([a['aws:userid'], a['aws:PrincipalType'], a['aws:PrincipalArn'], a['aws:PrincipalAccount']]).toEqual([
      'anonymous',
      'Anonymous',
      undefined,
      undefined,
    ]);
    const s = buildGlobalContext({ principal: { arn: 'sns.amazonaws.com', accountId: '', type: 'Service' }, now });
    expect(s['aws:PrincipalIsAWSService']).toBe(true);
    expect(s['aws:PrincipalServiceName']).toBe('sns.amazonaws.com');
    expect(s['aws:PrincipalType']).toBeUndefined();
  });

  it('request and resource tags, tag keys, calledVia, source, MFA', () => {
    const ctx = buildGlobalContext({
      principal: session(),
      now,
      requestTags: { env: 'prod', owner: 'me' },
      resourceTags: { project: 'x' },
      calledVia: ['cloudformation.amazonaws.com', 'athena.amazonaws.com'],
      viaAwsService: true,
      sourceArn: 'arn:aws:sns:us-east-1:1:t',
      sourceAccount: '1',
      mfa: { present: true, ageSeconds: 30 },
      tokenIssueTime: now,
    });
    expect(ctx['aws:RequestTag/env']).toBe('prod');
    expect(ctx['aws:TagKeys']).toEqual(['env', 'owner']);
    expect(ctx['aws:ResourceTag/project']).toBe('x');
    expect(ctx['aws:CalledVia']).toEqual(['cloudformation.amazonaws.com', 'athena.amazonaws.com']);
    expect(ctx['aws:CalledViaFirst']).toBe('cloudformation.amazonaws.com');
    expect(ctx['aws:CalledViaLast']).toBe('athena.amazonaws.com');
    expect(ctx['aws:ViaAWSService']).toBe(true);
    expect(ctx['aws:SourceArn']).toBe('arn:aws:sns:us-east-1:1:t');
    expect(ctx['aws:SourceAccount']).toBe('1');
    expect(ctx['aws:MultiFactorAuthPresent']).toBe(true);
    expect(ctx['aws:MultiFactorAuthAge']).toBe(30);
    expect(ctx['aws:TokenIssueTime']).toBe('2024-06-15T12:00:00Z');
  });

  it("long-term credentials carry no aws:MultiFactorAuthPresent (the docs' BoolIfExists pattern)", () => {
    const ctx = buildGlobalContext({ principal: user(), now });
    expect('aws:MultiFactorAuthPresent' in ctx).toBe(false);
    // Deny unless MFA: with BoolIfExists false, long-term keys are denied too; with Bool they are not.
    const denyIfExists = policy('identity', [
      allow('*'),
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ]);
    expect(evaluate(req(user(), { context: ctx }), { identity: [denyIfExists] }).decision).toBe('ExplicitDeny');
    const denyBool = policy('identity', [
      allow('*'),
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ]);
    expect(evaluate(req(user(), { context: ctx }), { identity: [denyBool] }).decision).toBe('Allow');
  });

  it('feeds policy variables: ${aws:userid} for a session', () => {
    const s = session(A, 'app', 'alice');
    const ctx = buildGlobalContext({ principal: s, now });
    const identity = [policy('identity', allow('s3:GetObject', 'arn:aws:s3:::b/${aws:userid}/*'))];
    const get = (key: string) =>
      evaluate(req(s, { action: 's3:GetObject', resource: `arn:aws:s3:::b/${key}`, context: ctx }), { identity })
        .decision;
    expect(get('AROAEXAMPLE:alice/x')).toBe('Allow');
    expect(get('AROAEXAMPLE:bob/x')).toBe('ImplicitDeny');
  });
});
