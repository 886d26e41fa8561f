// Schedule expressions of scheduled rules: rate(N unit) and AWS's six-field cron (minutes hours day-of-month month
// day-of-week year, UTC) with ?, L, W and #. parseSchedule validates; next() gives the first fire time after `from`.
import { EventsErrors } from './errors.js';

export type Schedule = { kind: 'rate'; periodMs: number } | { kind: 'cron'; cron: Cron };

interface Cron {
  minutes: Set<number>;
  hours: Set<number>;
  months: Set<number>;
  years: Set<number>;
  dayMatch: (year: number, month: number, day: number) => boolean;
}

const invalid = () => EventsErrors.validation('Parameter ScheduleExpression is not valid.');

const UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function parseSchedule(expr: string): Schedule {
  const rate = /^rate\((\d+) ([a-z]+)\)$/.exec(expr);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!;
    const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
    const ms = UNITS[singular];
    // AWS wants "1 minute" but "5 minutes": the plural must agree with the value.
    if (!ms || n < 1 || (n === 1) !== (unit === singular)) throw invalid();
    return { kind: 'rate', periodMs: n * ms };
  }
  const cron = /^cron\((.*)\)$/.exec(expr);
  if (!cron) throw invalid();
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6) throw invalid();
  return { kind: 'cron', cron: parseCron(fields as [string, string, string, string, string, string]) };
}

function parseCron([min, hour, dom, month, dow, year]: [string, string, string, string, string, string]): Cron {
  // Exactly one of day-of-month and day-of-week must be '?'.
  if ((dom === '?') === (dow === '?')) throw invalid();
  return {
    minutes: numbers(min, 0, 59),
    hours: numbers(hour, 0, 23),
    months: numbers(month, 1, 12, MONTHS, 1),
    years: numbers(year, 1970, 2199),
    dayMatch: dom !== '?' ? domMatcher(dom) : dowMatcher(dow),
  };
}

function value(text: string, lo: number, hi: number, names?: string[], base = 0): number {
  const named = names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + base : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= lo && n <= hi)) throw invalid();
  return n;
}

/** A comma list of *, n, a-b, with optional /step. */
function numbers(field: string, lo: number, hi: number, names?: string[], base = 0): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : value(stepText, 1, hi - lo + 1);
    let a: number;
    let b: number;
    if (range === '*') [a, b] = [lo, hi];
    else if (range.includes('-')) {
      const [x, y] = range.split('-') as [string, string];
      [a, b] = [value(x, lo, hi, names, base), value(y, lo, hi, names, base)];
    } else {
      a = value(range, lo, hi, names, base);
      b = stepText === undefined ? a : hi;
    }
    if (a > b) throw invalid();
    for (let i = a; i <= b; i += step) out.add(i);
  }
  return out;
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();

function domMatcher(field: string): Cron['dayMatch'] {
  if (field === 'L') return (y, m, d) => d === daysIn(y, m);
  if (field === 'LW') return (y, m, d) => d === nearestWeekday(y, m, daysIn(y, m));
  const w = /^(\d+)W$/.exec(field);
  if (w) {
    const target = value(w[1]!, 1, 31);
    return (y, m, d) => d === nearestWeekday(y, m, Math.min(target, daysIn(y, m)));
  }
  const days = numbers(field, 1, 31);
  return (_y, _m, d) => days.has(d);
}

/** The weekday nearest to the given day, without leaving the month. */
function nearestWeekday(y: number, m: number, day: number): number {
  const wd = weekday(y, m, day);
  if (wd === 6) return day === 1 ? 3 : day - 1;
  if (wd === 0) return day === daysIn(y, m) ? day - 2 : day + 1;
  return day;
}

function dowMatcher(field: string): Cron['dayMatch'] {
  const hash = /^(\w+)#([1-5])$/.exec(field);
  if (hash) {
    const dow = value(hash[1]!, 1, 7, DAYS, 1) - 1;
    const nth = Number(hash[2]);
    return (y, m, d) => weekday(y, m, d) === dow && Math.ceil(d / 7) === nth;
  }
  const last = /^(\w*)L$/.exec(field);
  if (last) {
    const dow = last[1] === '' ? 6 : value(last[1]!, 1, 7, DAYS, 1) - 1;
    return (y, m, d) => weekday(y, m, d) === dow && d + 7 > daysIn(y, m);
  }
  const days = numbers(field, 1, 7, DAYS, 1);
  return (y, m, d) => days.has(weekday(y, m, d) + 1);
}

/** The first fire time strictly after `from` (ms), or undefined if the schedule never fires again. */
export function nextFire(s: Schedule, from: number, anchor: number): number | undefined {
  if (s.kind === 'rate') {
    const periods = Math.floor((from - anchor) / s.periodMs) + 1;
    return anchor + Math.max(1, periods) * s.periodMs;
  }
  const c = s.cron;
  const start = new Date(Math.floor(from / 60_000) * 60_000 + 60_000);
  let day = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  for (let i = 0; i < 366 * 230; i++, day += 86_400_000) {
    const d = new Date(day);
    const y = d.getUTCFullYear();
    if (y > 2199) return undefined;
    const m = d.getUTCMonth() + 1;
    if (!c.years.has(y) || !c.months.has(m) || !c.dayMatch(y, m, d.getUTCDate())) continue;
    for (let h = 0; h < 24; h++) {
      if (!c.hours.has(h)) continue;
      for (let min = 0; min < 60; min++) {
        const at = day + h * 3_600_000 + min * 60_000;
        if (at >= start.getTime() && c.minutes.has(min)) return at;
      }
    }
  }
  return undefined;
}
