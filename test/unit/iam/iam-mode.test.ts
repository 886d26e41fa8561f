// ATOLL_IAM / iamMode: enforce by default, audit and off on request, anything else refused at start.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config.js';

describe('iamMode', () => {
  it('defaults to enforce, reads ATOLL_IAM, and lets startAtoll options override it', () => {
    expect(resolveConfig({}, {}).iamMode).toBe('enforce');
    expect(resolveConfig({}, { ATOLL_IAM: 'audit' }).iamMode).toBe('audit');
    expect(resolveConfig({ iamMode: 'off' }, { ATOLL_IAM: 'audit' }).iamMode).toBe('off');
  });

  it('refuses an unknown mode', () => {
    expect(() => resolveConfig({}, { ATOLL_IAM: 'strict' })).toThrow(
      'invalid IAM mode (enforce, audit or off): strict',
    );
  });
});
