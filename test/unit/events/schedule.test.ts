import { describe, expect, it } from 'vitest';
import { nextFire, parseSchedule } from '../../../src/services/events/schedule.js';

const at = (iso: string) => Date.parse(iso);
const next = (expr: string, from: string) => {
  const n = nextFire(parseSchedule(expr), at(from), at(from));
  return n === undefined ? undefined : new Date(n).toISOString();
};

describe('schedule expressions', () => {
  it('accepts rate() with matching singular/plural units only', () => {
    expect(parseSchedule('rate(1 minute)')).toEqual({ kind: 'rate', periodMs: 60_000 });
    expect(parseSchedule('rate(2 hours)')).toEqual({ kind: 'rate', periodMs: 7_200_000 });
    for (const bad of ['rate(1 minutes)', 'rate(2 hour)', 'rate(0 days)', 'rate(1 week)', 'rate(-1 day)']) {
      expect(() => parseSchedule(bad)).toThrow('Parameter ScheduleExpression is not valid.');
    }
  });

  it('requires six cron fields with exactly one of day-of-month and day-of-week as ?', () => {
    for (const bad of ['cron(0 12 * * *)', 'cron(0 12 * * * *)', 'cron(0 12 ? * ? *)', 'cron(60 12 * * ? *)']) {
      expect(() => parseSchedule(bad)).toThrow('Parameter ScheduleExpression is not valid.');
    }
  });

  it('computes next fire times', () => {
    expect(next('rate(5 minutes)', '2024-01-01T00:00:00Z')).toBe('2024-01-01T00:05:00.000Z');
    expect(next('cron(0 12 * * ? *)', '2024-01-01T12:00:00Z')).toBe('2024-01-02T12:00:00.000Z');
    expect(next('cron(0/15 * * * ? *)', '2024-01-01T10:07:00Z')).toBe('2024-01-01T10:15:00.000Z');
    expect(next('cron(0 9 ? * MON-FRI *)', '2024-01-05T10:00:00Z')).toBe('2024-01-08T09:00:00.000Z'); // Fri -> Mon
    expect(next('cron(0 0 L * ? *)', '2024-02-10T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(next('cron(0 0 ? * 6#3 *)', '2024-03-01T00:00:00Z')).toBe('2024-03-15T00:00:00.000Z'); // 3rd Friday
    expect(next('cron(0 0 ? * 2L *)', '2024-04-01T12:00:00Z')).toBe('2024-04-29T00:00:00.000Z'); // last Monday
    expect(next('cron(0 0 1W * ? *)', '2024-06-01T12:00:00Z')).toBe('2024-06-03T00:00:00.000Z'); // Sat 1st -> Mon 3rd
    expect(next('cron(0 0 15W * ? *)', '2024-06-01T00:00:00Z')).toBe('2024-06-14T00:00:00.000Z'); // Sat 15th -> Fri
    expect(next('cron(0 0 1 1 ? 2020)', '2024-01-01T00:00:00Z')).toBeUndefined();
  });
});
