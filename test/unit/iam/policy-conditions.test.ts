import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/iam/policy/index.js';
import type { ConditionContext } from '../../../src/iam/policy/index.js';
import { allow, policy, req, user } from './helpers.js';

/** True when an identity policy allowing sqs:SendMessage under `condition` allows a request with `context`. */
function holds(condition: object, context: ConditionContext, version = '2012-10-17'): boolean {
  const identity = [policy('identity', allow('sqs:SendMessage', '*', { Condition: condition }), version)];
  return evaluate(req(user(), { context }), { identity }).decision === 'Allow';
}

describe('string operators', () => {
  it('StringEquals is case-sensitive, StringEqualsIgnoreCase is not', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': 'Blue' } }, { 'aws:PrincipalTag/team': 'Blue' })).toBe(
      true,
    );
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': 'Blue' } }, { 'aws:PrincipalTag/team': 'blue' })).toBe(
      false,
    );
    expect(
      holds({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Blue' } }, { 'aws:PrincipalTag/team': 'BLUE' }),
    ).toBe(true);
    expect(
      holds({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Blue' } }, { 'aws:PrincipalTag/team': 'BLUE' }),
    ).toBe(false);
  });

  it('condition key names are case-insensitive', () => {
    expect(holds({ StringEquals: { 'AWS:PRINCIPALTAG/TEAM': 'Blue' } }, { 'aws:principaltag/team': 'Blue' })).toBe(
      true,
    );
  });

  it('several policy values are ORed; negated operators NOR them', () => {
    const ctx = { 'aws:RequestedRegion': 'eu-west-1' };
    expect(holds({ StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } }, ctx)).toBe(true);
    expect(holds({ StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } }, ctx)).toBe(false);
    expect(holds({ StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } }, ctx)).toBe(true);
  });

  it('several keys and several operators are ANDed', () => {
    const cond = {
      StringEquals: { 'aws:RequestedRegion': 'eu-west-1', 'aws:PrincipalTag/team': 'blue' },
      Bool: { 'aws:SecureTransport': 'true' },
    };
    const ctx = { 'aws:RequestedRegion': 'eu-west-1', 'aws:PrincipalTag/team': 'blue', 'aws:SecureTransport': true };
    expect(holds(cond, ctx)).toBe(true);
    expect(holds(cond, { ...ctx, 'aws:SecureTransport': false })).toBe(false);
    expect(holds(cond, { ...ctx, 'aws:PrincipalTag/team': 'red' })).toBe(false);
  });

  it('StringLike / StringNotLike wildcards', () => {
    expect(holds({ StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/alice/x' })).toBe(true);
    expect(holds({ StringLike: { 's3:prefix': 'home/?' } }, { 's3:prefix': 'home/ab' })).toBe(false);
    expect(holds({ StringLike: { 's3:prefix': 'home/??' } }, { 's3:prefix': 'home/ab' })).toBe(true);
    expect(holds({ StringNotLike: { 's3:prefix': ['home/*', 'tmp/*'] } }, { 's3:prefix': 'etc/x' })).toBe(true);
    expect(holds({ StringNotLike: { 's3:prefix': ['home/*', 'tmp/*'] } }, { 's3:prefix': 'tmp/x' })).toBe(false);
  });
});

describe('missing keys', () => {
  it('a positive operator on a missing key is false; a negated one is true', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': 'blue' } }, {})).toBe(false);
    expect(holds({ StringNotEquals: { 'aws:PrincipalTag/team': 'blue' } }, {})).toBe(true);
    expect(holds({ StringNotLike: { 'aws:PrincipalTag/team': 'b*' } }, {})).toBe(true);
    expect(holds({ NumericNotEquals: { 's3:max-keys': '10' } }, {})).toBe(true);
    expect(holds({ ArnNotEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:1:t' } }, {})).toBe(true);
    expect(holds({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, {})).toBe(true);
    expect(holds({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, {})).toBe(false);
    expect(holds({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, {})).toBe(false);
  });

  it('...IfExists is true when the key is missing and otherwise the plain operator', () => {
    expect(holds({ StringEqualsIfExists: { 'ec2:InstanceType': 't2.micro' } }, {})).toBe(true);
    expect(
      holds({ StringEqualsIfExists: { 'ec2:InstanceType': 't2.micro' } }, { 'ec2:InstanceType': 't2.micro' }),
    ).toBe(true);
    expect(
      holds({ StringEqualsIfExists: { 'ec2:InstanceType': 't2.micro' } }, { 'ec2:InstanceType': 'm5.large' }),
    ).toBe(false);
    expect(holds({ NumericLessThanIfExists: { 's3:max-keys': '10' } }, {})).toBe(true);
    expect(holds({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, {})).toBe(true);
    expect(
      holds({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:MultiFactorAuthPresent': false }),
    ).toBe(false);
    expect(holds({ ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:*:t' } }, {})).toBe(true);
    expect(holds({ StringNotEqualsIfExists: { 'aws:PrincipalTag/x': 'a' } }, { 'aws:PrincipalTag/x': 'a' })).toBe(
      false,
    );
  });

  it('Null tests presence', () => {
    expect(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, {})).toBe(true);
    expect(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' })).toBe(
      false,
    );
    expect(holds({ Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' })).toBe(
      true,
    );
    expect(holds({ Null: { 'aws:TokenIssueTime': false } }, {})).toBe(false);
    expect(holds({ Null: { 'aws:TagKeys': 'true' } }, { 'aws:TagKeys': [] })).toBe(true);
  });
});

describe('set qualifiers', () => {
  const tags = (keys: string[] | undefined) => (keys === undefined ? {} : { 'aws:TagKeys': keys });

  it('ForAllValues: every request value must match one policy value', () => {
    const cond = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } };
    expect(holds(cond, tags(['environment']))).toBe(true);
    expect(holds(cond, tags(['environment', 'cost-center']))).toBe(true);
    expect(holds(cond, tags(['environment', 'owner']))).toBe(false);
  });

  it('ForAllValues is true for a missing key or an empty set', () => {
    const cond = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment'] } };
    expect(holds(cond, tags(undefined))).toBe(true);
    expect(holds(cond, tags([]))).toBe(true);
  });

  it('ForAnyValue: at least one request value must match; false for a missing key or empty set', () => {
    const cond = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } };
    expect(holds(cond, tags(['owner', 'environment']))).toBe(true);
    expect(holds(cond, tags(['owner']))).toBe(false);
    expect(holds(cond, tags(undefined))).toBe(false);
    expect(holds(cond, tags([]))).toBe(false);
  });

  it('negated operators under qualifiers', () => {
    const all = { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } };
    expect(holds(all, tags(['a', 'b']))).toBe(true);
    expect(holds(all, tags(['a', 'secret']))).toBe(false);
    expect(holds(all, tags(undefined))).toBe(true);
    const any = { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['secret'] } };
    expect(holds(any, tags(['a', 'secret']))).toBe(true);
    expect(holds(any, tags(['secret']))).toBe(false);
    expect(holds(any, tags(undefined))).toBe(false);
  });

  it('ForAnyValue...IfExists is true when the key is missing', () => {
    expect(holds({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['a'] } }, {})).toBe(true);
  });

  it('a multivalued key without a qualifier matches if any value matches (negated: if none does)', () => {
    expect(
      holds(
        { StringEquals: { 'aws:CalledVia': 'athena.amazonaws.com' } },
        { 'aws:CalledVia': ['a', 'athena.amazonaws.com'] },
      ),
    ).toBe(true);
    expect(
      holds(
        { StringNotEquals: { 'aws:CalledVia': 'athena.amazonaws.com' } },
        { 'aws:CalledVia': ['a', 'athena.amazonaws.com'] },
      ),
    ).toBe(false);
  });
});

describe('numeric, date, bool, binary', () => {
  it('numeric comparisons', () => {
    const ctx = { 's3:max-keys': '10' };
    expect(holds({ NumericEquals: { 's3:max-keys': 10 } }, ctx)).toBe(true);
    expect(holds({ NumericEquals: { 's3:max-keys': '10.0' } }, ctx)).toBe(true);
    expect(holds({ NumericNotEquals: { 's3:max-keys': '10' } }, ctx)).toBe(false);
    expect(holds({ NumericLessThan: { 's3:max-keys': '10' } }, ctx)).toBe(false);
    expect(holds({ NumericLessThanEquals: { 's3:max-keys': '10' } }, ctx)).toBe(true);
    expect(holds({ NumericGreaterThan: { 's3:max-keys': '9.5' } }, ctx)).toBe(true);
    expect(holds({ NumericGreaterThanEquals: { 's3:max-keys': '11' } }, ctx)).toBe(false);
    expect(holds({ NumericEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' })).toBe(false);
    expect(holds({ NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': 3 })).toBe(true);
  });

  it('date comparisons accept ISO 8601 and epoch seconds', () => {
    const ctx = { 'aws:CurrentTime': '2024-06-15T12:00:00Z', 'aws:EpochTime': 1718452800 };
    expect(holds({ DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, ctx)).toBe(true);
    expect(holds({ DateLessThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, ctx)).toBe(false);
    expect(holds({ DateEquals: { 'aws:CurrentTime': '2024-06-15T12:00:00Z' } }, ctx)).toBe(true);
    expect(holds({ DateNotEquals: { 'aws:CurrentTime': '2024-06-15T12:00:00Z' } }, ctx)).toBe(false);
    expect(holds({ DateLessThanEquals: { 'aws:CurrentTime': '2024-06-15' } }, ctx)).toBe(false);
    expect(holds({ DateGreaterThanEquals: { 'aws:EpochTime': '1718452800' } }, ctx)).toBe(true);
    expect(holds({ DateLessThan: { 'aws:EpochTime': '2024-06-16T00:00:00Z' } }, ctx)).toBe(true);
  });

  it('Bool matches true/false case-insensitively against booleans or strings', () => {
    expect(holds({ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': true })).toBe(true);
    expect(holds({ Bool: { 'aws:SecureTransport': 'TRUE' } }, { 'aws:SecureTransport': 'true' })).toBe(true);
    expect(holds({ Bool: { 'aws:SecureTransport': false } }, { 'aws:SecureTransport': true })).toBe(false);
  });

  it('BinaryEquals compares base64 values', () => {
    expect(holds({ BinaryEquals: { 'kms:key': 'QmluYXJ5VmFsdWU=' } }, { 'kms:key': 'QmluYXJ5VmFsdWU=' })).toBe(true);
    expect(holds({ BinaryEquals: { 'kms:key': 'QmluYXJ5VmFsdWU=' } }, { 'kms:key': 'other' })).toBe(false);
  });
});

describe('IP and ARN operators', () => {
  it('IpAddress with IPv4 and IPv6 CIDRs and single hosts', () => {
    const cond = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } };
    expect(holds(cond, { 'aws:SourceIp': '203.0.113.77' })).toBe(true);
    expect(holds(cond, { 'aws:SourceIp': '203.0.114.1' })).toBe(false);
    expect(holds(cond, { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' })).toBe(true);
    expect(holds(cond, { 'aws:SourceIp': '2001:db8:1234:5679::1' })).toBe(false);
    expect(holds({ IpAddress: { 'aws:SourceIp': '10.1.2.3' } }, { 'aws:SourceIp': '10.1.2.3' })).toBe(true);
    expect(holds({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '8.8.8.8' })).toBe(true);
    expect(
      holds({ IpAddress: { 'aws:SourceIp': '::ffff:192.0.2.0/120' } }, { 'aws:SourceIp': '::ffff:192.0.2.9' }),
    ).toBe(true);
    expect(holds({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.1' })).toBe(
      true,
    );
    expect(holds({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.1' })).toBe(
      false,
    );
  });

  it('ArnLike/ArnEquals match each of the six components with wildcards', () => {
    const src = { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' };
    expect(holds({ ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' } }, src)).toBe(true);
    expect(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:*' } }, src)).toBe(true);
    expect(holds({ ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:topic' } }, src)).toBe(true);
    expect(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:*:*:*' } }, src)).toBe(false);
    // `*` stays within its component: it cannot swallow the colons of the following ones.
    expect(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:*' } }, src)).toBe(false);
    expect(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-?:*:topic' } }, src)).toBe(true);
    expect(holds({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:999999999999:*' } }, src)).toBe(true);
    expect(holds({ ArnNotEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' } }, src)).toBe(false);
    expect(holds({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, { 'aws:SourceArn': 'not-an-arn' })).toBe(false);
  });

  it('ARN matching is case-sensitive', () => {
    const src = { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:Topic' };
    expect(holds({ ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' } }, src)).toBe(false);
  });
});

describe('policy variables in conditions', () => {
  it('substitutes request values (2012-10-17)', () => {
    const cond = { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } };
    expect(holds(cond, { 'aws:username': 'alice', 's3:prefix': 'home/alice/docs' })).toBe(true);
    expect(holds(cond, { 'aws:username': 'alice', 's3:prefix': 'home/bob/docs' })).toBe(false);
  });

  it('treats variables literally in 2008-10-17', () => {
    const cond = { StringEquals: { 's3:prefix': '${aws:username}' } };
    expect(holds(cond, { 'aws:username': 'alice', 's3:prefix': 'alice' }, '2008-10-17')).toBe(false);
    expect(holds(cond, { 'aws:username': 'alice', 's3:prefix': '${aws:username}' }, '2008-10-17')).toBe(true);
  });

  it('an unresolvable variable makes the value not match; a default fills in', () => {
    expect(holds({ StringEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } }, { 's3:prefix': '' })).toBe(false);
    expect(holds({ StringEquals: { 's3:prefix': "${aws:PrincipalTag/team, 'none'}" } }, { 's3:prefix': 'none' })).toBe(
      true,
    );
    expect(
      holds({ StringEquals: { 's3:prefix': ['${aws:PrincipalTag/team}', 'fixed'] } }, { 's3:prefix': 'fixed' }),
    ).toBe(true);
  });

  it('${*}, ${?} and ${$} are literal characters, not wildcards', () => {
    expect(holds({ StringLike: { 's3:prefix': 'a${*}' } }, { 's3:prefix': 'a*' })).toBe(true);
    expect(holds({ StringLike: { 's3:prefix': 'a${*}' } }, { 's3:prefix': 'abc' })).toBe(false);
    expect(holds({ StringLike: { 's3:prefix': 'a${?}' } }, { 's3:prefix': 'a?' })).toBe(true);
    expect(holds({ StringLike: { 's3:prefix': 'a${?}' } }, { 's3:prefix': 'ab' })).toBe(false);
    expect(holds({ StringEquals: { 's3:prefix': '${$}x${*}' } }, { 's3:prefix': '$x*' })).toBe(true);
  });

  it('substitutes principal tags (ABAC: resource tag must equal principal tag)', () => {
    const cond = { StringEquals: { 'aws:ResourceTag/project': '${aws:PrincipalTag/project}' } };
    expect(holds(cond, { 'aws:PrincipalTag/project': 'x', 'aws:ResourceTag/project': 'x' })).toBe(true);
    expect(holds(cond, { 'aws:PrincipalTag/project': 'x', 'aws:ResourceTag/project': 'y' })).toBe(false);
    expect(holds(cond, { 'aws:ResourceTag/project': 'x' })).toBe(false);
  });
});
