import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicyDocumentError, policySize } from '../../../src/iam/policy/index.js';
import type { PolicyKind } from '../../../src/iam/policy/index.js';
import { doc } from './helpers.js';

function error(text: string, kind: PolicyKind = 'identity'): PolicyDocumentError {
  try {
    parsePolicy(text, kind);
  } catch (err) {
    if (err instanceof PolicyDocumentError) return err;
    throw err;
  }
  throw new Error('expected a PolicyDocumentError');
}

const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

describe('parsePolicy: structure', () => {
  it('normalizes a statement object and string elements into arrays', () => {
    const p = parsePolicy(JSON.stringify({ Version: '2012-10-17', Id: 'x', Statement: ok }), 'identity');
    expect(p).toEqual({
      kind: 'identity',
      version: '2012-10-17',
      id: 'x',
      statements: [
        {
          index: 0,
          effect: 'Allow',
          action: { negated: false, values: ['s3:GetObject'] },
          resource: { negated: false, values: ['arn:aws:s3:::bucket/*'] },
          conditions: [],
        },
      ],
    });
  });

  it('defaults a missing Version to 2008-10-17', () => {
    expect(parsePolicy(JSON.stringify({ Statement: [ok] }), 'identity').version).toBe('2008-10-17');
  });

  it('records NotAction / NotResource as negated elements', () => {
    const p = parsePolicy(doc({ Effect: 'Deny', NotAction: ['iam:*'], NotResource: '*' }), 'identity');
    expect(p.statements[0].action).toEqual({ negated: true, values: ['iam:*'] });
    expect(p.statements[0].resource).toEqual({ negated: true, values: ['*'] });
  });

  it.each([
    ['not JSON', '{"Version": "2012-10-17", '],
    ['an array document', '[]'],
    ['no Statement', JSON.stringify({ Version: '2012-10-17' })],
    ['an empty Statement list', doc([])],
    ['a lower-case effect', doc({ ...ok, Effect: 'allow' })],
    ['a missing Effect', doc({ Action: 's3:*', Resource: '*' })],
    ['both Action and NotAction', doc({ ...ok, NotAction: 's3:*' })],
    ['both Resource and NotResource', doc({ ...ok, NotResource: '*' })],
    ['an object Action', doc({ ...ok, Action: { a: 1 } })],
    ['an unknown statement field', doc({ ...ok, Foo: 1 })],
    ['an unknown top-level field', JSON.stringify({ Version: '2012-10-17', Statement: [ok], Foo: 1 })],
    ['an unknown condition operator', doc({ ...ok, Condition: { StringEqualz: { 'aws:username': 'a' } } })],
    ['a condition without operator', doc({ ...ok, Condition: { 'aws:username': 'a' } })],
    ['NullIfExists', doc({ ...ok, Condition: { NullIfExists: { 'aws:username': 'true' } } })],
    ['an unknown set qualifier', doc({ ...ok, Condition: { 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'a' } } })],
    ['an object condition value', doc({ ...ok, Condition: { StringEquals: { 'aws:username': { a: 1 } } } })],
  ])('rejects %s with "Syntax errors in policy."', (_name, text) => {
    expect(error(text).message).toBe('Syntax errors in policy.');
  });

  it('reports unknown fields by name for resource policies', () => {
    const e = error(doc({ ...ok, Principal: '*', Foo: 1 }), 'resource');
    expect(e.message).toBe('Unknown field Foo');
    expect(e.reason).toBe('UnknownField');
  });

  it.each(['2012-10-18', '2012-10-17 ', '2010-01-01'])('rejects Version %j as failing legacy parsing', (version) => {
    expect(error(doc(ok, version)).message).toBe('The policy failed legacy parsing');
  });

  it('requires actions and resources', () => {
    expect(error(doc({ Effect: 'Allow', Resource: '*' })).message).toBe('Policy statement must contain actions.');
    expect(error(doc({ Effect: 'Allow', Action: 's3:*' })).message).toBe('Policy statement must contain resources.');
  });

  it('validates action names', () => {
    expect(error(doc({ ...ok, Action: 'GetObject' })).message).toBe(
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    );
    expect(error(doc({ ...ok, Action: 's3:Get:Object' })).message).toBe(
      'Actions/Condition can contain only one colon.',
    );
  });

  it('validates resource ARNs', () => {
    expect(error(doc({ ...ok, Resource: 'bucket' })).message).toBe('Resource bucket must be in ARN format or "*".');
    expect(error(doc({ ...ok, Resource: 'arn:foo:s3:::b' })).message).toBe(
      'Partition "foo" is not valid for resource "arn:foo:s3:::b".',
    );
    expect(error(doc({ ...ok, Resource: 'arn:aws:*:::b' })).message).toBe(
      'Resource vendor must be fully qualified and cannot contain regexes.',
    );
    expect(() => parsePolicy(doc({ ...ok, Resource: 'arn:aws:s3:*' }), 'identity')).not.toThrow();
  });

  it('validates Sid for IAM policies', () => {
    expect(error(doc({ ...ok, Sid: 'has space' })).message).toMatch(/^Statement IDs \(SID\) must be alpha-numeric/);
    expect(
      error(
        doc([
          { ...ok, Sid: 'A' },
          { ...ok, Sid: 'A' },
        ]),
      ).message,
    ).toBe('Statement IDs (SID) in a single policy must be unique.');
    // Resource policies of other services accept free-form Sids.
    expect(() => parsePolicy(doc({ ...ok, Principal: '*', Sid: 'has space' }), 'resource')).not.toThrow();
  });

  it('parses condition operators case-insensitively with qualifiers and IfExists', () => {
    const p = parsePolicy(
      doc({ ...ok, Condition: { 'ForAnyValue:StringLikeIfExists': { 'AWS:TagKeys': ['a*', 1, true] } } }),
      'identity',
    );
    expect(p.statements[0].conditions).toEqual([
      {
        raw: 'ForAnyValue:StringLikeIfExists',
        operator: 'StringLike',
        qualifier: 'ForAnyValue',
        ifExists: true,
        key: 'aws:tagkeys',
        values: ['a*', '1', 'true'],
      },
    ]);
  });

  it('requires a vendor prefix on condition keys', () => {
    expect(error(doc({ ...ok, Condition: { StringEquals: { username: 'a' } } })).message).toBe(
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    );
  });
});

describe('parsePolicy: principals per policy kind', () => {
  const withPrincipal = (principal: unknown) => doc({ ...ok, Principal: principal });

  it('forbids Principal in identity, boundary and session policies', () => {
    for (const kind of ['identity', 'boundary', 'session'] as const) {
      const e = error(withPrincipal('*'), kind);
      expect(e.message).toBe('Policy document should not specify a principal.');
      expect(e.reason).toBe('PrincipalProhibited');
    }
  });

  it('requires Principal in resource and trust policies', () => {
    expect(error(doc(ok), 'resource').message).toBe('Missing required field Principal');
    expect(error(doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust').message).toBe(
      'Missing required field Principal',
    );
  });

  it('accepts every principal form', () => {
    const p = parsePolicy(
      withPrincipal({
        AWS: ['123456789012', 'arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:role/path/r'],
        Service: 'sqs.amazonaws.com',
        Federated: 'cognito-identity.amazonaws.com',
        CanonicalUser: 'a'.repeat(64),
      }),
      'resource',
    );
    expect(p.statements[0].principal?.spec).toEqual({
      any: false,
      aws: ['123456789012', 'arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:role/path/r'],
      service: ['sqs.amazonaws.com'],
      federated: ['cognito-identity.amazonaws.com'],
      canonicalUser: ['a'.repeat(64)],
    });
    expect(parsePolicy(withPrincipal({ AWS: '*' }), 'resource').statements[0].principal?.spec.any).toBe(true);
    expect(parsePolicy(withPrincipal('*'), 'resource').statements[0].principal?.spec.any).toBe(true);
    const not = parsePolicy(doc({ ...ok, NotPrincipal: { AWS: '123456789012' } }), 'resource');
    expect(not.statements[0].principal?.negated).toBe(true);
  });

  it.each([
    [
      { AWS: 'arn:aws:iam::123456789012:role/*' },
      'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/*"',
    ],
    [{ AWS: 'alice' }, 'Invalid principal in policy: "AWS":"alice"'],
    [{ AWS: '12345' }, 'Invalid principal in policy: "AWS":"12345"'],
    [{ Foo: 'x' }, 'Invalid principal in policy: "Foo":"x"'],
    ['arn:aws:iam::123456789012:root', 'Invalid principal in policy: "arn:aws:iam::123456789012:root"'],
  ])('rejects principal %j', (principal, message) => {
    expect(error(withPrincipal(principal), 'resource').message).toBe(message);
  });

  it('lets the caller reject principals that do not exist', () => {
    const text = withPrincipal({ AWS: 'arn:aws:iam::123456789012:role/missing' });
    expect(() => parsePolicy(text, 'resource', { validatePrincipal: () => false })).toThrow(
      'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:role/missing"',
    );
  });

  it('rejects Principal and NotPrincipal together', () => {
    expect(error(doc({ ...ok, Principal: '*', NotPrincipal: '*' }), 'resource').message).toBe(
      'Syntax errors in policy.',
    );
  });

  it('trust policies: no Resource, STS actions only', () => {
    const base = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
    const p = parsePolicy(doc(base), 'trust');
    expect(p.statements[0].resource).toBeUndefined();
    expect(error(doc({ ...base, Resource: '*' }), 'trust').message).toBe('Has prohibited field Resource');
    expect(error(doc({ ...base, Action: 's3:GetObject' }), 'trust').message).toBe(
      'AssumeRole policy may only specify STS AssumeRole actions.',
    );
  });

  it('SCPs: no principals, Organizations wording', () => {
    const e = error(withPrincipal('*'), 'scp');
    expect(e.message).toBe('The provided policy document does not meet the requirements of the specified policy type.');
    expect(e.reason).toBe('PrincipalProhibited');
    expect(() => parsePolicy(doc(ok), 'scp')).not.toThrow();
  });

  it('RCPs: Principal must be "*", custom RCPs only deny, no NotAction', () => {
    const base = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' };
    expect(() => parsePolicy(doc(base), 'rcp')).not.toThrow();
    for (const bad of [
      { ...base, Principal: { AWS: '123456789012' } },
      { ...base, Effect: 'Allow' },
      { Effect: 'Deny', Principal: '*', NotAction: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', Resource: '*' },
    ]) {
      expect(error(doc(bad), 'rcp').message).toBe(
        'The provided policy document does not meet the requirements of the specified policy type.',
      );
    }
  });
});

describe('parsePolicy: size quotas', () => {
  const padded = (n: number) => doc({ ...ok, Sid: 'a'.repeat(n) });

  it('does not count white space outside strings', () => {
    expect(policySize('{ "a" : "b c" }')).toBe('{"a":"b c"}'.length);
  });

  it('managed and boundary policies: 6144', () => {
    const base = policySize(padded(0));
    expect(() => parsePolicy(padded(6144 - base), 'identity')).not.toThrow();
    const e = error(padded(6145 - base));
    expect(e.code).toBe('LimitExceeded');
    expect(e.message).toBe('Cannot exceed quota for PolicySize: 6144');
    expect(() => parsePolicy(padded(6145 - base), 'boundary')).toThrow('Cannot exceed quota for PolicySize: 6144');
  });

  it('inline quotas per entity type, aggregate over the entity', () => {
    const base = policySize(padded(0));
    const text = padded(2049 - base);
    expect(() => parsePolicy(text, 'identity', { size: { sizeClass: 'userInline', entity: 'user alice' } })).toThrow(
      'Maximum policy size of 2048 bytes exceeded for user alice.',
    );
    expect(() => parsePolicy(text, 'identity', { size: { sizeClass: 'roleInline' } })).not.toThrow();
    expect(() => parsePolicy(text, 'identity', { size: { sizeClass: 'groupInline' } })).not.toThrow();
    expect(() => parsePolicy(padded(10), 'identity', { size: { sizeClass: 'roleInline', usedBytes: 10240 } })).toThrow(
      /Maximum policy size of 10240 bytes/,
    );
  });

  it('trust 2048, SCP/RCP 5120 counted with white space, session 2048', () => {
    const trust = doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Sid: 'a'.repeat(2048) });
    expect(error(trust, 'trust').message).toBe('Cannot exceed quota for ACLSizePerRole: 2048');
    const scp = JSON.stringify({ Version: '2012-10-17', Statement: [ok] }).replace('{', `{${' '.repeat(5120)}`);
    expect(policySize(scp)).toBeLessThan(5120);
    expect(error(scp, 'scp').message).toBe('You have exceeded the maximum policy size.');
    expect(error(padded(2048), 'session').code).toBe('LimitExceeded');
  });
});
