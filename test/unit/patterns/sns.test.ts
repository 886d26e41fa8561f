import { describe, expect, it } from 'vitest';
import {
  FilterPolicyError,
  compileFilterPolicy,
  matchesBody,
  matchesMessage,
  matchesMessageAttributes,
  type FilterPolicyScope,
  type MessageAttribute,
} from '../../../src/patterns/sns/index.js';

function fail(policy: string, scope: FilterPolicyScope = 'MessageAttributes'): FilterPolicyError {
  try {
    compileFilterPolicy(policy, scope);
  } catch (e) {
    if (e instanceof FilterPolicyError) return e;
    throw e;
  }
  throw new Error(`expected ${policy} to be rejected`);
}

const at = (src: string, column: number) => `\n at [Source: (String)"${src}"; line: 1, column: ${column}]`;

const s = (Value: string): MessageAttribute => ({ Type: 'String', Value });
const n = (Value: string): MessageAttribute => ({ Type: 'Number', Value });
const arr = (Value: string): MessageAttribute => ({ Type: 'String.Array', Value });

const attrs = (policy: unknown, a: Record<string, MessageAttribute>) =>
  matchesMessageAttributes(compileFilterPolicy(JSON.stringify(policy), 'MessageAttributes'), a);
const body = (policy: unknown, b: unknown) =>
  matchesBody(
    compileFilterPolicy(JSON.stringify(policy), 'MessageBody'),
    typeof b === 'string' ? b : JSON.stringify(b),
  );

describe('SNS filter policy validation (messages recorded from AWS)', () => {
  const recorded: [string, string][] = [
    ['{"key":[["value"]]}', 'Match value must be String, number, true, false, or null' + at('{"key":[["value"]]}', 10)],
    [
      '{"key":[{"wrong-operator":true}]}',
      'Unrecognized match type wrong-operator' + at('{"key":[{"wrong-operator":true}]}', 31),
    ],
    [
      '{"key":[{"suffix":"value","prefix":"value2"}]}',
      'Only one key allowed in match expression' + at('{"key":[{"suffix":"value","prefix":"value2"}]}', 37),
    ],
    ['{"key":[{"suffix":100}]}', 'suffix match pattern must be a string' + at('{"key":[{"suffix":100}]}', 22)],
    ['{"key":[{"suffix":null}]}', 'suffix match pattern must be a string' + at('{"key":[{"suffix":null}]}', 23)],
    ['{"key":[{"suffix":[]}]}', 'suffix match pattern must be a string' + at('{"key":[{"suffix":[]}]}', 20)],
    ['{"key":{"suffix":"value"}}', '"suffix" must be an object or an array' + at('{"key":{"suffix":"value"}}', 19)],
    ['{"key":[{"numeric":[]}]}', 'Invalid member in numeric match: ]' + at('{"key":[{"numeric":[]}]}', 22)],
    [
      '{"key":[{"numeric":["operator"]}]}',
      'Unrecognized numeric range operator: operator' + at('{"key":[{"numeric":["operator"]}]}', 32),
    ],
    ['{"key":[{"numeric":[1,"<="]}]}', 'Invalid member in numeric match: 1' + at('{"key":[{"numeric":[1,"<="]}]}', 22)],
    [
      '{"key":[{"numeric":["=","000"]}]}',
      'Value of equals must be numeric' + at('{"key":[{"numeric":["=","000"]}]}', 26),
    ],
    ['{"key":[{"numeric":[">="]}]}', 'Value of >= must be numeric' + at('{"key":[{"numeric":[">="]}]}', 26)],
    [
      '{"key":[{"numeric":["<",100,">",10]}]}',
      'Too many elements in numeric expression' + at('{"key":[{"numeric":["<",100,">",10]}]}', 30),
    ],
    [
      '{"key":[{"numeric":[">=",1,">",2]}]}',
      'Bad numeric range operator: >' + at('{"key":[{"numeric":[">=",1,">",2]}]}', 31),
    ],
    [
      '{"key":[{"numeric":[">",3,"<",1]}]}',
      'Bottom must be less than top' + at('{"key":[{"numeric":[">",3,"<",1]}]}', 33),
    ],
    [
      '{"key":[{"numeric":[">",20,"<="]}]}',
      'Value of <= must be numeric' + at('{"key":[{"numeric":[">",20,"<="]}]}', 33),
    ],
    [
      '{"key":[{"numeric":[">",20,30]}]}',
      'Bad value in numeric range: 30' + at('{"key":[{"numeric":[">",20,30]}]}', 30),
    ],
    [
      '{"key":[{"numeric":[">",20,"test"]}]}',
      'Bad numeric range operator: test' + at('{"key":[{"numeric":[">",20,"test"]}]}', 34),
    ],
    [
      '{"key":[{"numeric":[">","20","<","30"]}]}',
      'Value of > must be numeric' + at('{"key":[{"numeric":[">","20","<","30"]}]}', 26),
    ],
    [
      '{"key":[{"numeric":[">",20,"<","30"]}]}',
      'Value of < must be numeric' + at('{"key":[{"numeric":[">",20,"<","30"]}]}', 33),
    ],
    [
      '{"key":[{"numeric":[">",20,"<",30,"<",50]}]}',
      'Too many terms in numeric range expression' + at('{"key":[{"numeric":[">",20,"<",30,"<",50]}]}', 36),
    ],
    [
      '{"key":[{"exists":null}]}',
      'exists match pattern must be either true or false.' + at('{"key":[{"exists":null}]}', 23),
    ],
    [
      '{"key":[{"exists":"no"}]}',
      'exists match pattern must be either true or false.' + at('{"key":[{"exists":"no"}]}', 20),
    ],
    ['{"key_a":"value_one"}', '"key_a" must be an object or an array' + at('{"key_a":"value_one"}', 11)],
  ];

  it.each(recorded)('%s', (policy, detail) => {
    const e = fail(policy);
    expect(e.code).toBe('InvalidParameter');
    expect(e.message).toBe(`Invalid parameter: FilterPolicy: ${detail}`);
    expect(e.messageFor('SetSubscriptionAttributes')).toBe(`Invalid parameter: FilterPolicy: ${detail}`);
    expect(e.messageFor('Subscribe')).toBe(`Invalid parameter: Attributes Reason: FilterPolicy: ${detail}`);
  });

  it('limits keys, combinations and nesting', () => {
    const six = JSON.stringify(Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [k, ['x']])));
    expect(fail(six).message).toBe('Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys');
    const many = JSON.stringify({ store: Array.from({ length: 151 }, (_, i) => String(i)) });
    expect(fail(many).message).toBe('Invalid parameter: FilterPolicy: Filter policy is too complex');
    const product = JSON.stringify({ a: Array.from({ length: 15 }, String), b: Array.from({ length: 11 }, String) });
    expect(fail(product).message).toBe('Invalid parameter: FilterPolicy: Filter policy is too complex');
    expect(() =>
      compileFilterPolicy(JSON.stringify({ a: Array.from({ length: 150 }, String) }), 'MessageAttributes'),
    ).not.toThrow();
    const nested = '{"object":{"key":[{"prefix":"auto-"}]}}';
    expect(fail(nested).message).toBe(
      'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy',
    );
    expect(fail(nested).messageFor('Subscribe')).toBe(
      'Invalid parameter: Attributes Reason: Filter policy scope MessageAttributes does not support nested filter policy',
    );
    expect(() => compileFilterPolicy(nested, 'MessageBody')).not.toThrow();
    // The documented nested example: 4 values three keys deep × 3 values two keys deep = 72 combinations.
    const doc = '{"key_a":{"key_b":{"key_c":["1","2","3","4"]}},"key_d":{"key_e":["1","2","3"]}}';
    expect(() => compileFilterPolicy(doc, 'MessageBody')).not.toThrow();
  });

  it('has no wildcard operator, and numbers are limited to ±1e9', () => {
    expect(fail('{"a":[{"wildcard":"x*"}]}').detail.split('\n')[0]).toBe(
      'FilterPolicy: Unrecognized match type wildcard',
    );
    expect(fail('{"a":[{"anything-but":{"wildcard":"x*"}}]}').detail.split('\n')[0]).toBe(
      'FilterPolicy: Unsupported anything-but pattern: wildcard',
    );
    expect(fail('{"a":[{"numeric":[">",2e9]}]}').detail.split('\n')[0]).toBe(
      'FilterPolicy: Value must be between -1.0E9 and 1.0E9, inclusive',
    );
  });

  it('accepts an empty policy as matching everything', () => {
    const p = compileFilterPolicy('{}', 'MessageAttributes');
    expect(matchesMessageAttributes(p, {})).toBe(true);
  });
});

describe('SNS attribute matching', () => {
  it('String attributes: exact, prefix, suffix, equals-ignore-case, anything-but, cidr', () => {
    expect(attrs({ c: ['rugby', 'tennis'] }, { c: s('rugby') })).toBe(true);
    expect(attrs({ c: ['rugby', 'tennis'] }, { c: s('baseball') })).toBe(false);
    expect(attrs({ c: [{ prefix: 'bas' }] }, { c: s('baseball') })).toBe(true);
    expect(attrs({ c: [{ suffix: 'ball' }] }, { c: s('baseball') })).toBe(true);
    expect(attrs({ c: [{ 'equals-ignore-case': 'RUGBY' }] }, { c: s('rugby') })).toBe(true);
    expect(attrs({ c: [{ 'anything-but': ['rugby', 'tennis'] }] }, { c: s('football') })).toBe(true);
    expect(attrs({ c: [{ 'anything-but': { prefix: 'bas' } }] }, { c: s('baseball') })).toBe(false);
    expect(attrs({ c: [{ 'anything-but': { suffix: 'ball' } }] }, { c: s('rugby') })).toBe(true);
    expect(attrs({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: s('10.0.0.7') })).toBe(true);
  });

  it('String.Array attributes match element-wise', () => {
    expect(attrs({ c: ['rugby'] }, { c: arr('["rugby", "tennis"]') })).toBe(true);
    expect(attrs({ c: ['rugby'] }, { c: arr('["baseball"]') })).toBe(false);
    expect(attrs({ c: [1] }, { c: arr('[1, 2]') })).toBe(true);
    expect(attrs({ c: ['rugby'] }, { c: arr('not json') })).toBe(false);
  });

  it('Number attributes compare numerically; strings are not numbers', () => {
    expect(attrs({ p: [{ numeric: ['=', 301.5] }] }, { p: n('3.015e2') })).toBe(true);
    expect(attrs({ p: [{ numeric: ['>', 0, '<=', 100] }] }, { p: n('99') })).toBe(true);
    expect(attrs({ p: [{ numeric: ['>', 0, '<=', 100] }] }, { p: n('101') })).toBe(false);
    expect(attrs({ p: [{ 'anything-but': [100, 500] }] }, { p: n('100') })).toBe(false);
    expect(attrs({ p: [{ 'anything-but': [100, 500] }] }, { p: n('101') })).toBe(true);
    expect(attrs({ p: [301.5] }, { p: n('301.5') })).toBe(true);
    expect(attrs({ p: [{ numeric: ['>', 0] }] }, { p: s('99') })).toBe(false);
  });

  it('Binary attributes are never matched; exists sees them as absent', () => {
    const bin: MessageAttribute = { Type: 'Binary', Value: 'AAE=' };
    expect(attrs({ b: ['AAE='] }, { b: bin })).toBe(false);
    expect(attrs({ b: [{ exists: true }] }, { b: bin })).toBe(false);
    expect(attrs({ b: [{ exists: false }] }, { b: bin })).toBe(true);
  });

  it('exists and $or', () => {
    expect(attrs({ store: [{ exists: true }] }, { store: n('99') })).toBe(true);
    expect(attrs({ store: [{ exists: true }] }, { other: n('99') })).toBe(false);
    expect(attrs({ store: [{ exists: false }] }, { other: n('99') })).toBe(true);
    const or = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPU'] }, { namespace: ['AWS/EC2'] }] };
    expect(attrs(or, { source: s('aws.cloudwatch'), namespace: s('AWS/EC2') })).toBe(true);
    expect(attrs(or, { source: s('aws.cloudwatch') })).toBe(false);
  });

  it('every policy key must match (AND)', () => {
    const p = { a: ['1'], b: ['2'] };
    expect(attrs(p, { a: s('1'), b: s('2'), c: s('3') })).toBe(true);
    expect(attrs(p, { a: s('1') })).toBe(false);
  });
});

describe('SNS body matching', () => {
  it('matches nested JSON bodies', () => {
    const p = { patient: { age: [{ numeric: ['>=', 18] }], name: [{ prefix: 'J' }] } };
    expect(body(p, { patient: { age: 30, name: 'Jo' } })).toBe(true);
    expect(body(p, { patient: { age: 10, name: 'Jo' } })).toBe(false);
    expect(body({ 'a.b': ['x'] }, { a: { b: 'x' } })).toBe(true);
    expect(body({ items: { k: ['x'] } }, { items: [{ k: 'y' }, { k: 'x' }] })).toBe(true);
  });

  it('non-JSON or non-object bodies never match', () => {
    expect(body({ a: [{ exists: false }] }, 'plain text')).toBe(false);
    expect(body({ a: [{ exists: false }] }, '[1]')).toBe(false);
    expect(body({ a: [{ exists: false }] }, {})).toBe(true);
  });

  it('matchesMessage picks the policy scope', () => {
    const p = compileFilterPolicy('{"a":["x"]}', 'MessageBody');
    expect(matchesMessage(p, { body: '{"a":"x"}', attributes: {} })).toBe(true);
    const q = compileFilterPolicy('{"a":["x"]}', 'MessageAttributes');
    expect(matchesMessage(q, { body: '{"a":"x"}', attributes: {} })).toBe(false);
  });
});
