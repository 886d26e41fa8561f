import { describe, expect, it } from 'vitest';
import { actionMatch, evaluate, resourceMatch } from '../../../src/iam/policy/index.js';
import { A, allow, policy, req, session, user } from './helpers.js';

describe('resource ARN wildcards', () => {
  it.each([
    ['*', 'arn:aws:sqs:us-east-1:1:q', true],
    ['*', '*', true],
    ['arn:aws:sqs:us-east-1:1:q', 'arn:aws:sqs:us-east-1:1:q', true],
    ['arn:aws:sqs:us-east-1:1:Q', 'arn:aws:sqs:us-east-1:1:q', false],
    ['arn:aws:sqs:*:1:q', 'arn:aws:sqs:eu-west-1:1:q', true],
    ['arn:aws:sqs:us-east-?:1:q', 'arn:aws:sqs:us-east-2:1:q', true],
    ['arn:aws:iam::1:user/accounting/*', 'arn:aws:iam::1:user/accounting/bob', true],
    ['arn:aws:iam::1:user/accounting/*', 'arn:aws:iam::1:user/sales/bob', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c', true],
    // A trailing `*` of a segment runs past colons ...
    ['arn:aws:*', 'arn:aws:sqs:us-east-1:1:q', true],
    ['arn:aws:logs:us-east-1:1:log-group:*', 'arn:aws:logs:us-east-1:1:log-group:g:log-stream:s', true],
    // ... one followed by more text in its segment does not.
    ['arn:aws:sqs:us-*-1:1:q', 'arn:aws:sqs:us-east-1:1:q', true],
    ['arn:aws:s*s:us-east-1:1:q', 'arn:aws:sqs:us-east-1:1:q', true],
    ['arn:aws:sqs:u*1:q', 'arn:aws:sqs:us-east-1:1:q', false],
    ['arn:aws:sqs:*:1:q', '*', false],
  ])('%s vs %s → %s', (pattern, resource, expected) => {
    expect(resourceMatch(pattern, resource)).toBe(expected);
  });

  it('actions are case-insensitive globs', () => {
    expect(actionMatch('sqs:*', 'SQS:SendMessage')).toBe(true);
    expect(actionMatch('*', 'anything:Goes')).toBe(true);
    expect(actionMatch('s3:Get*Acl', 's3:GetObjectAcl')).toBe(true);
    expect(actionMatch('s3:Get*Acl', 's3:GetObject')).toBe(false);
    expect(actionMatch('iam:*AccessKey*', 'iam:ListAccessKeys')).toBe(true);
  });
});

describe('policy variables in Resource', () => {
  const home = allow('s3:GetObject', 'arn:aws:s3:::bucket/home/${aws:username}/*');
  const get = (key: string, context: Record<string, string>, version?: string) =>
    evaluate(req(user(), { action: 's3:GetObject', resource: `arn:aws:s3:::bucket/${key}`, context }), {
      identity: [policy('identity', home, version)],
    }).decision;

  it('substitutes aws:username (IAM User Guide example)', () => {
    expect(get('home/alice/file', { 'aws:username': 'alice' })).toBe('Allow');
    expect(get('home/bob/file', { 'aws:username': 'alice' })).toBe('ImplicitDeny');
  });

  it('does not match when the variable is unresolvable', () => {
    expect(get('home//file', {})).toBe('ImplicitDeny');
  });

  it('is literal text in 2008-10-17 policies', () => {
    expect(get('home/alice/file', { 'aws:username': 'alice' }, '2008-10-17')).toBe('ImplicitDeny');
    expect(get('home/${aws:username}/file', { 'aws:username': 'alice' }, '2008-10-17')).toBe('Allow');
  });

  it('uses defaults and principal tags', () => {
    const stmt = allow('sqs:*', "arn:aws:sqs:*:*:${aws:PrincipalTag/team, 'shared'}-*");
    const send = (queue: string, context: Record<string, string>) =>
      evaluate(req(session(), { resource: `arn:aws:sqs:us-east-1:${A}:${queue}`, context }), {
        identity: [policy('identity', stmt)],
      }).decision;
    expect(send('blue-q', { 'aws:PrincipalTag/team': 'blue' })).toBe('Allow');
    expect(send('red-q', { 'aws:PrincipalTag/team': 'blue' })).toBe('ImplicitDeny');
    expect(send('shared-q', {})).toBe('Allow');
  });

  it('${*} in a resource matches a literal asterisk only', () => {
    const stmt = allow('s3:GetObject', 'arn:aws:s3:::bucket/${*}');
    const get2 = (key: string) =>
      evaluate(req(user(), { action: 's3:GetObject', resource: `arn:aws:s3:::bucket/${key}` }), {
        identity: [policy('identity', stmt)],
      }).decision;
    expect(get2('*')).toBe('Allow');
    expect(get2('x')).toBe('ImplicitDeny');
  });
});

describe('principal matching in resource policies', () => {
  const grant = (principal: unknown) => policy('resource', { ...allow('sqs:SendMessage'), Principal: principal });

  it('a role ARN with a path matches sessions of that role', () => {
    const s = { ...session(), roleArn: `arn:aws:iam::${A}:role/team/app` };
    expect(
      evaluate(req(s), { identity: [], resource: grant({ AWS: `arn:aws:iam::${A}:role/team/app` }) }).decision,
    ).toBe('Allow');
    expect(evaluate(req(s), { identity: [], resource: grant({ AWS: `arn:aws:iam::${A}:role/other` }) }).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('a user ARN does not match a different user', () => {
    expect(
      evaluate(req(user(A, 'bob')), { identity: [], resource: grant({ AWS: user(A, 'alice').arn }) }).decision,
    ).toBe('ImplicitDeny');
  });

  it('service principals compare case-insensitively', () => {
    const svc = { arn: 'SNS.amazonaws.com', accountId: '', type: 'Service' as const };
    expect(evaluate(req(svc), { identity: [], resource: grant({ Service: ['sns.amazonaws.com'] }) }).decision).toBe(
      'Allow',
    );
  });

  it('canonical users match by id', () => {
    const id = 'c'.repeat(64);
    const u = { ...user(), canonicalUserId: id };
    expect(evaluate(req(u), { identity: [], resource: grant({ CanonicalUser: id }) }).decision).toBe('Allow');
  });
});
