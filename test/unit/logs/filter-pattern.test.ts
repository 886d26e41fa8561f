// The filter-pattern engine against the kinds of examples the CloudWatch Logs user guide gives.
import { describe, expect, it } from 'vitest';
import { compilePattern, FilterPatternError } from '../../../src/services/logs/filter/index.js';
import { splitFields } from '../../../src/services/logs/filter/delimited.js';

const matches = (pattern: string, message: string): boolean => compilePattern(pattern).match(message) !== undefined;

describe('unstructured terms', () => {
  const events = [
    '[ERROR 400] BAD REQUEST',
    '[ERROR 401] UNAUTHORIZED REQUEST',
    '[WARNING 402] TOO MANY REQUESTS',
    '[ERROR 403] FORBIDDEN ARGUMENTS',
    '[INFO 200] OK',
  ];
  const pick = (p: string) => events.filter((e) => matches(p, e));

  it('an empty pattern matches everything', () => {
    expect(pick('')).toEqual(events);
    expect(pick('   ')).toEqual(events);
  });
  it('a single term is case-sensitive', () => {
    expect(pick('ERROR')).toHaveLength(3);
    expect(pick('error')).toHaveLength(0);
  });
  it('several terms must all appear', () => {
    expect(pick('ERROR REQUEST')).toEqual([events[0], events[1]]);
  });
  it('-term excludes', () => {
    expect(pick('ERROR -ARGUMENTS')).toEqual([events[0], events[1]]);
  });
  it('?term matches any of them', () => {
    expect(pick('?WARNING ?INFO')).toEqual([events[2], events[4]]);
  });
  it('quoted phrases keep spaces and symbols', () => {
    expect(pick('"BAD REQUEST"')).toEqual([events[0]]);
    expect(pick('"[INFO"')).toEqual([events[4]]);
    expect(pick('"say \\"hi\\""')).toEqual([]);
  });
  it('regular expressions between % signs', () => {
    expect(pick('%40[0-3]%')).toHaveLength(4);
    expect(pick('%^\\[INFO%')).toEqual([events[4]]);
  });
});

describe('JSON patterns', () => {
  const e1 = JSON.stringify({
    eventType: 'UpdateTrail',
    sourceIPAddress: '123.123.123.123',
    arrayKey: ['value', 'another value'],
    objectList: [
      { name: 'a', id: 1 },
      { name: 'b', id: 2 },
    ],
    SomeObject: null,
    cluster: { pending: 5, status: 'up' },
    bandwidth: 75,
    latency: 120.5,
    ThereExists: true,
    ErrorCode: 'AccessDenied',
  });
  it('string equality, inequality and wildcards', () => {
    expect(matches('{ $.eventType = "UpdateTrail" }', e1)).toBe(true);
    expect(matches('{ $.eventType = UpdateTrail }', e1)).toBe(true);
    expect(matches('{ $.eventType = "Update*" }', e1)).toBe(true);
    expect(matches('{ $.eventType != "UpdateTrail" }', e1)).toBe(false);
    expect(matches('{ $.sourceIPAddress != 123.123.* }', e1)).toBe(false);
    expect(matches('{ $.sourceIPAddress = 123.123.* }', e1)).toBe(true);
  });
  it('numeric comparisons', () => {
    expect(matches('{ $.bandwidth > 75 }', e1)).toBe(false);
    expect(matches('{ $.bandwidth >= 75 }', e1)).toBe(true);
    expect(matches('{ $.latency < 121 && $.latency > 120 }', e1)).toBe(true);
    expect(matches('{ $.bandwidth = 75 }', e1)).toBe(true);
    expect(matches('{ $.bandwidth != 75 }', e1)).toBe(false);
    expect(matches('{ $.cluster.pending <= 5 }', e1)).toBe(true);
  });
  it('arrays by index and any element', () => {
    expect(matches('{ $.arrayKey[0] = "value" }', e1)).toBe(true);
    expect(matches('{ $.arrayKey[1] = "value" }', e1)).toBe(false);
    expect(matches('{ $.objectList[1].id = 2 }', e1)).toBe(true);
    expect(matches('{ $.objectList[*].name = "b" }', e1)).toBe(true);
  });
  it('IS NULL, IS TRUE, IS FALSE and NOT EXISTS', () => {
    expect(matches('{ $.SomeObject IS NULL }', e1)).toBe(true);
    expect(matches('{ $.ThereExists IS TRUE }', e1)).toBe(true);
    expect(matches('{ $.ThereExists IS FALSE }', e1)).toBe(false);
    expect(matches('{ $.SomeOtherObject NOT EXISTS }', e1)).toBe(true);
    expect(matches('{ $.SomeObject NOT EXISTS }', e1)).toBe(false);
  });
  it('&&, || and parentheses', () => {
    expect(matches('{ ($.ErrorCode = "AccessDenied") && ($.bandwidth > 100 || $.latency > 100) }', e1)).toBe(true);
    expect(matches('{ $.ErrorCode = "x" || $.cluster.status = "up" }', e1)).toBe(true);
    expect(matches('{ $.ErrorCode = "x" || ($.cluster.status = "up" && $.bandwidth < 10) }', e1)).toBe(false);
  });
  it('a missing field or a non-JSON event never matches a comparison', () => {
    expect(matches('{ $.missing != "x" }', e1)).toBe(false);
    expect(matches('{ $.level = "ERROR" }', 'level=ERROR')).toBe(false);
  });
  it('regular expressions as values', () => {
    expect(matches('{ $.ErrorCode = %Access[A-Z]% }', e1)).toBe(true);
  });
});

describe('space-delimited patterns', () => {
  const line = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534';
  it('splits on spaces, keeping [..] and ".." as one field', () => {
    expect(splitFields(line)).toEqual([
      '127.0.0.1',
      '-',
      'frank',
      '10/Oct/2000:13:25:15 -0700',
      'GET /apache_pb.gif HTTP/1.0',
      '404',
      '1534',
    ]);
  });
  it('extracts named fields when the count matches', () => {
    expect(compilePattern('[ip, user, username, timestamp, request, status_code, bytes]').match(line)).toEqual({
      $ip: '127.0.0.1',
      $user: '-',
      $username: 'frank',
      $timestamp: '10/Oct/2000:13:25:15 -0700',
      $request: 'GET /apache_pb.gif HTTP/1.0',
      $status_code: '404',
      $bytes: '1534',
    });
    expect(matches('[ip, user, username, timestamp, request, status_code]', line)).toBe(false);
  });
  it('conditions with wildcards and numbers', () => {
    expect(matches('[ip, user, username, timestamp, request = "*gif*", status_code = 4*, bytes]', line)).toBe(true);
    expect(matches('[ip, user, username, timestamp, request, status_code = 5*, bytes]', line)).toBe(false);
    expect(matches('[ip, user, username, timestamp, request, status_code, bytes > 1000]', line)).toBe(true);
    expect(matches('[ip, user, username, timestamp, request, status_code, bytes < 1000]', line)).toBe(false);
  });
  it('... stands for any number of fields', () => {
    expect(matches('[..., status_code = 404, bytes]', line)).toBe(true);
    expect(matches('[ip = 127.*, ...]', line)).toBe(true);
    expect(matches('[ip, ..., bytes = 1534]', line)).toBe(true);
    expect(matches('[..., status_code = 200, bytes]', line)).toBe(false);
  });
  it('&& and || inside a field', () => {
    expect(matches('[ip, user, username, timestamp, request, status_code = 4* || status_code = 5*, bytes]', line)).toBe(
      true,
    );
    expect(
      matches('[ip, user, username, timestamp, request, status_code != 2* && status_code != 4*, bytes]', line),
    ).toBe(false);
  });
});

describe('invalid patterns', () => {
  it.each(['{ $.a = }', '{ $.a = "x"', '[a, b', '{ $.a > "x" }', '"unterminated', '[a, b = ]', '{ a = 1 }', '-'])(
    '%s is rejected',
    (p) => {
      expect(() => compilePattern(p)).toThrow(FilterPatternError);
    },
  );
});
