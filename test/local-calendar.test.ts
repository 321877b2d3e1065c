import { describe, expect, it } from 'vitest';
import { countryOfZone, publicHolidayOn, weekendDaysOf } from '../server/domain/scheduling/local-calendar.ts';
import { clockRange } from '../server/domain/scheduling/plan-summary.ts';
import { toCandidateView } from '../server/domain/scheduling/plan-views.ts';
import { hostStartTimes, minutesOutsideWindow, periodDates, planCandidates, type PlannerRequest } from '../server/domain/scheduling/planner.ts';
import { chooseWeekdays } from '../server/domain/scheduling/weekday-choice.ts';

describe('local weekends come from CLDR week data', () => {
  it('Egypt and Iraq rest on Friday and Saturday, Iran on Friday, Korea and Mexico on Saturday and Sunday', () => {
    expect(weekendDaysOf('EG')).toEqual([5, 6]);
    expect(weekendDaysOf('IQ')).toEqual([5, 6]);
    expect(weekendDaysOf('IR')).toEqual([5]);
    expect(weekendDaysOf('KR')).toEqual([6, 7]);
    expect(weekendDaysOf('MX')).toEqual([6, 7]);
  });

  it('a zone tells the host country', () => {
    expect(countryOfZone('Asia/Seoul')).toBe('KR');
    expect(countryOfZone('Africa/Cairo')).toBe('EG');
  });
});

describe('public holidays come from date-holidays, by local date', () => {
  it('names an Egyptian and a Korean holiday, and nothing on an ordinary day', () => {
    expect(publicHolidayOn('EG', '2026-07-23')).toBe('Revolution Day');
    expect(publicHolidayOn('KR', '2026-08-15')).toBe('Liberation Day');
    expect(publicHolidayOn('KR', '2026-07-22')).toBeUndefined();
  });

  it('counts every day of a holiday that lasts several days (Chuseok, three days)', () => {
    expect(['2026-09-23', '2026-09-24', '2026-09-25', '2026-09-26', '2026-09-27'].map((d) => publicHolidayOn('KR', d) ?? null)).toEqual([
      null,
      'Korean Thanksgiving',
      'Korean Thanksgiving',
      'Korean Thanksgiving',
      null,
    ]);
  });

  it('names two holidays on one date together', () => {
    expect(publicHolidayOn('EG', '2026-01-25')).toBe('National Police Day / Revolution Day 2011');
  });
});

describe('minutes outside a preferred window, on the local wall clock', () => {
  const window = [8 * 60, 21 * 60] as const;
  it('counts only the part of a session outside 08:00–21:00', () => {
    expect(minutesOutsideWindow(9 * 60, 90, ...window)).toBe(0);
    expect(minutesOutsideWindow(20 * 60 + 30, 90, ...window)).toBe(60);
    expect(minutesOutsideWindow(7 * 60 + 30, 60, ...window)).toBe(30);
    expect(minutesOutsideWindow(2 * 60, 60, ...window)).toBe(60);
  });

  it('follows a session past midnight into the next day’s window', () => {
    expect(minutesOutsideWindow(23 * 60 + 30, 60, ...window)).toBe(60);
    expect(minutesOutsideWindow(23 * 60, 600, ...window)).toBe(540);
  });
});

describe('host start times and dates', () => {
  it('offers every step whose session ends inside the host’s hours', () => {
    expect(hostStartTimes({ start: '07:00', end: '10:00' }, 90, 30)).toEqual(['07:00', '07:30', '08:00', '08:30']);
    expect(hostStartTimes({ start: '07:00', end: '08:00' }, 90, 30)).toEqual([]);
  });

  it('lists the period’s dates minus the skipped ones', () => {
    expect(periodDates('2026-07-13', '2026-07-16', ['2026-07-15'])).toEqual([
      { date: '2026-07-13', weekday: 1 },
      { date: '2026-07-14', weekday: 2 },
      { date: '2026-07-16', weekday: 4 },
    ]);
  });
});

describe('clock ranges', () => {
  it('read round midnight when that is the shorter way', () => {
    expect(clockRange(['08:00', '17:30', '09:00'])).toEqual({ from: '08:00', to: '17:30' });
    expect(clockRange(['23:00', '01:00', '00:00'])).toEqual({ from: '23:00', to: '01:00' });
    expect(clockRange(['02:00'])).toEqual({ from: '02:00', to: '02:00' });
  });
});

describe('choosing weekdays', () => {
  const twoWeeks = periodDates('2026-07-13', '2026-07-26', []);
  const flat = new Map(twoWeeks.map((d) => [d.date, { minutesOutside: 60, weekendOrHolidayHits: 0 }]));

  it('spreads equally good days over the week and keeps off the host’s weekend', () => {
    expect(chooseWeekdays(twoWeeks, flat, 2, [6, 7])).toEqual([1, 4]);
    expect(chooseWeekdays(twoWeeks, flat, 3, [6, 7])).toEqual([1, 3, 5]);
  });

  it('prefers fewer minutes outside, then fewer weekend or holiday hits', () => {
    const costs = new Map(flat);
    costs.set('2026-07-14', { minutesOutside: 0, weekendOrHolidayHits: 0 });
    costs.set('2026-07-21', { minutesOutside: 0, weekendOrHolidayHits: 0 });
    costs.set('2026-07-13', { minutesOutside: 60, weekendOrHolidayHits: 1 });
    expect(chooseWeekdays(twoWeeks, costs, 2, [6, 7])).toEqual([2, 5]);
  });

  it('leaves out a weekday whose time does not exist on one of its dates', () => {
    const gap = new Map(flat);
    gap.delete('2026-07-20');
    expect(chooseWeekdays(twoWeeks, gap, 1, [6, 7])).toEqual([2]);
  });
});

describe('a host zone whose clocks change', () => {
  const amsterdam = { personId: '00000000-0000-4000-8000-000000000001', name: 'Eva de Vries', role: 'participant', city: 'Amsterdam', country: 'NL', timeZone: 'Europe/Amsterdam', preferredStart: '08:00', preferredEnd: '21:00', weekendDays: null };
  const sundays = (from: string, until: string): PlannerRequest => ({ hostTimeZone: 'Europe/Amsterdam', durationMinutes: 30, from, until, weekdays: [7], hostAvailableHours: { start: '01:00', end: '04:00' }, stepMinutes: 30, skipDates: [], hostWeekend: [6, 7] });

  it('does not offer a time the clocks skip on one of the dates, and says why', () => {
    const plan = planCandidates([amsterdam], sundays('2026-03-22', '2026-04-05'));
    expect(plan.candidates.map((c) => c.hostTime).sort()).toEqual(['01:00', '01:30', '03:00', '03:30']);
    expect(plan.notes).toEqual([
      '02:00 is not offered: it does not exist in Europe/Amsterdam on 2026-03-29 (the clocks skip it)',
      '02:30 is not offered: it does not exist in Europe/Amsterdam on 2026-03-29 (the clocks skip it)',
    ]);
  });

  it('warns that a time which happens twice takes the earlier instant', () => {
    const plan = planCandidates([amsterdam], sundays('2026-10-25', '2026-10-25'));
    const twice = plan.candidates.find((c) => c.hostTime === '02:30')!;
    expect(twice.sessions[0]!.startsAt.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(toCandidateView(plan, twice, 1, 'Europe/Amsterdam').warnings).toContain('2026-10-25T02:30 happens twice in Europe/Amsterdam (clocks go back): the earlier instant, 2026-10-25T00:30:00.000Z, is used');
  });
});
