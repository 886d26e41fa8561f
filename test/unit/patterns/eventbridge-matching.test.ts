import { describe, expect, it } from 'vitest';
import {
  EventValidationError,
  compileEventPattern,
  matches,
  testEventPattern,
  validateEventForTest,
} from '../../../src/patterns/eventbridge/index.js';

const m = (pattern: unknown, event: unknown) => matches(compileEventPattern(JSON.stringify(pattern)), event);
const detail = (d: unknown) => ({ source: 'test', detail: d });

describe('exact values', () => {
  it('matches strings, numbers (numerically), booleans and null', () => {
    expect(m({ source: ['aws.ec2', 'x'] }, { source: 'aws.ec2' })).toBe(true);
    expect(m({ source: ['aws.ec2'] }, { source: 'aws.s3' })).toBe(false);
    expect(m({ detail: { n: [300] } }, detail({ n: 3.0e2 }))).toBe(true);
    expect(m({ detail: { n: [3.018e2] } }, detail({ n: 301.8 }))).toBe(true);
    expect(m({ detail: { n: [300] } }, detail({ n: '300' }))).toBe(false);
    expect(m({ detail: { s: ['300'] } }, detail({ s: 300 }))).toBe(false);
    expect(m({ detail: { b: [true] } }, detail({ b: true }))).toBe(true);
    expect(m({ detail: { b: [true] } }, detail({ b: 'true' }))).toBe(false);
    expect(m({ detail: { v: [null] } }, detail({ v: null }))).toBe(true);
    expect(m({ detail: { v: [null] } }, detail({}))).toBe(false);
    expect(m({ detail: { v: [''] } }, detail({ v: '' }))).toBe(true);
    expect(m({ detail: { v: [''] } }, detail({ v: null }))).toBe(false);
    expect(m({ detail: { v: [null] } }, detail({ v: '' }))).toBe(false);
  });

  it('is case sensitive in keys and values', () => {
    expect(m({ source: ['AWS.EC2'] }, { source: 'aws.ec2' })).toBe(false);
    expect(m({ Source: ['aws.ec2'] }, { source: 'aws.ec2' })).toBe(false);
  });

  it('matches numbers beyond the numeric range by their text', () => {
    expect(m({ account: [123456789012] }, { account: 123456789012 })).toBe(true);
  });

  it('treats IP address strings as addresses', () => {
    expect(m({ detail: { ip: ['::1'] } }, detail({ ip: '0:0:0:0:0:0:0:1' }))).toBe(true);
    expect(m({ detail: { ip: ['10.0.0.1'] } }, detail({ ip: '10.0.0.2' }))).toBe(false);
  });
});

describe('arrays and nesting', () => {
  it('matches when any event array element matches (non-empty intersection)', () => {
    const p = { resources: ['arn:1', 'arn:2'] };
    expect(m(p, { resources: ['arn:0', 'arn:2'] })).toBe(true);
    expect(m(p, { resources: ['arn:0'] })).toBe(false);
    expect(m({ resources: [null] }, { resources: [] })).toBe(false);
  });

  it('matches nested fields and is the same for dotted keys', () => {
    const e = detail({ state: { status: 'running' } });
    expect(m({ detail: { state: { status: ['running'] } } }, e)).toBe(true);
    expect(m({ detail: { 'state.status': ['running'] } }, e)).toBe(true);
    expect(m({ detail: { state: { status: ['stopped'] } } }, e)).toBe(false);
  });

  it('requires fields inside one array of objects to come from the same element', () => {
    const e = detail({
      items: [
        { k: 'a', v: 1 },
        { k: 'b', v: 2 },
      ],
    });
    expect(m({ detail: { items: { k: ['a'], v: [1] } } }, e)).toBe(true);
    expect(m({ detail: { items: { k: ['a'], v: [2] } } }, e)).toBe(false);
  });

  it('ANDs fields and ORs values', () => {
    const p = { source: ['a'], 'detail-type': ['x', 'y'] };
    expect(m(p, { source: 'a', 'detail-type': 'y' })).toBe(true);
    expect(m(p, { source: 'b', 'detail-type': 'y' })).toBe(false);
  });

  it('does not treat objects as values', () => {
    expect(m({ detail: { o: ['x'] } }, detail({ o: { x: 1 } }))).toBe(false);
  });
});

describe('string operators', () => {
  it('prefix and suffix, with and without case folding', () => {
    expect(m({ time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-02T18:43:48Z' })).toBe(true);
    expect(m({ time: [{ prefix: '2017-10-03' }] }, { time: '2017-10-02T18:43:48Z' })).toBe(false);
    expect(m({ n: [{ prefix: '1' }] }, { n: 123 })).toBe(false);
    expect(m({ s: [{ prefix: { 'equals-ignore-case': 'EventB' } }] }, { s: 'eventbridge' })).toBe(true);
    expect(m({ f: [{ suffix: '.png' }] }, { f: 'a.png' })).toBe(true);
    expect(m({ f: [{ suffix: '.png' }] }, { f: 'a.PNG' })).toBe(false);
    expect(m({ f: [{ suffix: { 'equals-ignore-case': '.png' } }] }, { f: 'a.PNG' })).toBe(true);
    expect(m({ f: [{ prefix: '' }] }, { f: 'anything' })).toBe(true);
  });

  it('equals-ignore-case', () => {
    expect(m({ name: [{ 'equals-ignore-case': 'alice' }] }, { name: 'ALICE' })).toBe(true);
    expect(m({ name: [{ 'equals-ignore-case': 'alice' }] }, { name: 'alicia' })).toBe(false);
  });

  it('wildcard, with escapes', () => {
    const p = { arn: [{ wildcard: 'arn:aws:events:*:*:event-bus/*' }] };
    expect(m(p, { arn: 'arn:aws:events:us-east-1:123:event-bus/default' })).toBe(true);
    expect(m(p, { arn: 'arn:aws:sns:us-east-1:123:topic' })).toBe(false);
    expect(m({ f: [{ wildcard: 'dir/*.png' }] }, { f: 'dir/a.png' })).toBe(true);
    expect(m({ f: [{ wildcard: 'dir/*.png' }] }, { f: 'dir/a.png.bak' })).toBe(false);
    expect(m({ f: [{ wildcard: 'a\\*b' }] }, { f: 'a*b' })).toBe(true);
    expect(m({ f: [{ wildcard: 'a\\*b' }] }, { f: 'axb' })).toBe(false);
    expect(m({ f: [{ wildcard: 'a\\\\b' }] }, { f: 'a\\b' })).toBe(true);
    expect(m({ f: [{ wildcard: '*' }] }, { f: '' })).toBe(true);
    expect(m({ f: [{ wildcard: '*' }] }, { f: 5 })).toBe(false);
  });
});

describe('anything-but', () => {
  it('single values and lists, strings and numbers', () => {
    expect(m({ s: [{ 'anything-but': 'initializing' }] }, { s: 'running' })).toBe(true);
    expect(m({ s: [{ 'anything-but': 'initializing' }] }, { s: 'initializing' })).toBe(false);
    expect(m({ s: [{ 'anything-but': ['a', 'b'] }] }, { s: 'b' })).toBe(false);
    expect(m({ s: [{ 'anything-but': ['a', 'b'] }] }, { s: 'c' })).toBe(true);
    expect(m({ n: [{ 'anything-but': 123 }] }, { n: 123.0 })).toBe(false);
    expect(m({ n: [{ 'anything-but': [100, 200] }] }, { n: 150 })).toBe(true);
  });

  it('matches null and values of other types, but not a missing field', () => {
    expect(m({ s: [{ 'anything-but': 'x' }] }, { s: null })).toBe(true);
    expect(m({ s: [{ 'anything-but': 'x' }] }, { s: 5 })).toBe(true);
    expect(m({ s: [{ 'anything-but': { prefix: 'init' } }] }, { s: null })).toBe(true);
    expect(m({ s: [{ 'anything-but': 'x' }] }, {})).toBe(false);
  });

  it('prefix, suffix, equals-ignore-case and wildcard forms', () => {
    expect(m({ r: [{ 'anything-but': { prefix: 'us-' } }] }, { r: 'eu-west-1' })).toBe(true);
    expect(m({ r: [{ 'anything-but': { prefix: 'us-' } }] }, { r: 'us-east-1' })).toBe(false);
    expect(m({ r: [{ 'anything-but': { prefix: ['us-', 'eu-'] } }] }, { r: 'eu-west-1' })).toBe(false);
    expect(m({ f: [{ 'anything-but': { suffix: '.png' } }] }, { f: 'a.jpg' })).toBe(true);
    expect(m({ f: [{ 'anything-but': { suffix: '.png' } }] }, { f: 'a.png' })).toBe(false);
    expect(m({ s: [{ 'anything-but': { 'equals-ignore-case': 'init' } }] }, { s: 'INIT' })).toBe(false);
    expect(m({ s: [{ 'anything-but': { 'equals-ignore-case': ['a', 'b'] } }] }, { s: 'C' })).toBe(true);
    expect(m({ p: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { p: '/usr/lib/x' })).toBe(false);
    expect(m({ p: [{ 'anything-but': { wildcard: ['*/lib/*', '*.tmp'] } }] }, { p: '/usr/bin/x' })).toBe(true);
  });

  it('matches an array when any element is outside the set', () => {
    expect(m({ s: [{ 'anything-but': 'a' }] }, { s: ['a', 'b'] })).toBe(true);
    expect(m({ s: [{ 'anything-but': 'a' }] }, { s: ['a'] })).toBe(false);
  });
});

describe('numeric', () => {
  it('ranges and equality', () => {
    const p = { c: [{ numeric: ['>', 0, '<=', 5] }] };
    expect(m(p, { c: 5 })).toBe(true);
    expect(m(p, { c: 0 })).toBe(false);
    expect(m(p, { c: 5.000001 })).toBe(false);
    expect(m(p, { c: '3' })).toBe(false);
    expect(m(p, { c: null })).toBe(false);
    expect(m({ c: [{ numeric: ['=', 3] }] }, { c: 3.0 })).toBe(true);
    expect(m({ c: [{ numeric: ['<', 10] }] }, { c: -1e9 })).toBe(true);
    expect(m({ c: [{ numeric: ['>=', 10] }] }, { c: 10 })).toBe(true);
  });

  it('compares to six decimal places within ±5e9', () => {
    expect(m({ c: [{ numeric: ['=', 0.3] }] }, { c: 0.1 + 0.2 })).toBe(true);
    expect(m({ c: [{ numeric: ['=', 1.0000001] }] }, { c: 1 })).toBe(true);
    expect(m({ c: [{ numeric: ['>', 1.000001] }] }, { c: 1.000002 })).toBe(true);
    expect(m({ c: [{ numeric: ['>', 0] }] }, { c: 5e9 })).toBe(true);
    expect(m({ c: [{ numeric: ['>', 0] }] }, { c: 6e9 })).toBe(false);
  });
});

describe('exists', () => {
  it('true matches present leaves (null included), false matches absent ones', () => {
    expect(m({ d: { c: [{ exists: true }] } }, { d: { c: 'x' } })).toBe(true);
    expect(m({ d: { c: [{ exists: true }] } }, { d: { c: null } })).toBe(true);
    expect(m({ d: { c: [{ exists: true }] } }, { d: {} })).toBe(false);
    expect(m({ d: { c: [{ exists: false }] } }, { d: {} })).toBe(true);
    expect(m({ d: { c: [{ exists: false }] } }, {})).toBe(true);
    expect(m({ d: { c: [{ exists: false }] } }, { d: { c: 1 } })).toBe(false);
  });

  it('only sees leaves: objects and empty arrays do not exist', () => {
    expect(m({ d: [{ exists: true }] }, { d: { c: 1 } })).toBe(false);
    expect(m({ d: [{ exists: false }] }, { d: { c: 1 } })).toBe(true);
    expect(m({ d: [{ exists: true }] }, { d: [] })).toBe(false);
    expect(m({ d: [{ exists: false }] }, { d: [] })).toBe(true);
    expect(m({ d: [{ exists: true }] }, { d: ['x'] })).toBe(true);
  });
});

describe('cidr', () => {
  it('matches IPv4 and IPv6 ranges', () => {
    const v4 = { ip: [{ cidr: '10.0.0.0/24' }] };
    expect(m(v4, { ip: '10.0.0.255' })).toBe(true);
    expect(m(v4, { ip: '10.0.1.0' })).toBe(false);
    expect(m(v4, { ip: 'not-an-ip' })).toBe(false);
    const v6 = { ip: [{ cidr: '2001:db8::/32' }] };
    expect(m(v6, { ip: '2001:db8:1234::1' })).toBe(true);
    expect(m(v6, { ip: '2001:db9::1' })).toBe(false);
    expect(m(v6, { ip: '10.0.0.1' })).toBe(false);
  });

  it('keeps the written address as the bottom of the range, like AWS', () => {
    expect(m({ ip: [{ cidr: '10.0.0.5/24' }] }, { ip: '10.0.0.1' })).toBe(false);
    expect(m({ ip: [{ cidr: '10.0.0.5/24' }] }, { ip: '10.0.0.9' })).toBe(true);
  });
});

describe('$or', () => {
  it('matches when any branch does, combined with sibling fields', () => {
    const p = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'], metricType: ['MetricType'] }],
    };
    expect(m(p, { source: 'aws.cloudwatch', metricName: 'CPUUtilization' })).toBe(true);
    expect(m(p, { source: 'aws.cloudwatch', namespace: 'AWS/EC2', metricType: 'MetricType' })).toBe(true);
    expect(m(p, { source: 'aws.cloudwatch', namespace: 'AWS/EC2' })).toBe(false);
    expect(m(p, { source: 'other', metricName: 'CPUUtilization' })).toBe(false);
  });

  it('nests inside objects and other $or branches', () => {
    const p = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { $or: [{ 'd-count': [{ numeric: ['<', 10] }] }, { 'x-limit': [{ exists: false }] }] },
        ],
      },
    };
    expect(m(p, detail({ 'c-count': 3, 'x-limit': 1 }))).toBe(true);
    expect(m(p, detail({ 'd-count': 3, 'x-limit': 1 }))).toBe(true);
    expect(m(p, detail({}))).toBe(true);
    expect(m(p, detail({ 'c-count': 30, 'x-limit': 1 }))).toBe(false);
  });
});

describe('TestEventPattern', () => {
  const event = {
    id: '1',
    account: '123456789012',
    source: 'test-source',
    time: '2022-07-13T13:48:01Z',
    region: 'us-east-2',
    'detail-type': 'test',
    detail: { state: 'running' },
  };

  it('validates the event envelope', () => {
    expect(validateEventForTest(JSON.stringify(event))).toEqual(event);
    for (const bad of ['plain string', '[]', '"x"', JSON.stringify({ ...event, id: undefined })]) {
      expect(() => validateEventForTest(bad)).toThrow(EventValidationError);
    }
    try {
      validateEventForTest('nope');
    } catch (e) {
      expect(e).toMatchObject({ code: 'ValidationException', message: 'Parameter Event is not valid.' });
    }
  });

  it('matches with the same engine', () => {
    expect(testEventPattern('{"detail": {"state": ["running"]}}', JSON.stringify(event))).toBe(true);
    expect(testEventPattern('{"source": ["other"]}', JSON.stringify(event))).toBe(false);
  });
});
