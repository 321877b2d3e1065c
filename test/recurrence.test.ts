import { describe, expect, it } from 'vitest';
import { expandWeekly } from '../server/time/recurrence.ts';
import { AppError } from '../server/errors.ts';

const caught = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected an error');
};

describe('weekly patterns', () => {
  it('"Tuesdays and Thursdays 09:00 Seoul, 90 minutes, 12 July to 6 August" makes eight sessions, minus the skipped date', () => {
    const occurrences = expandWeekly({ weekdays: [2, 4], localTime: '09:00', timeZone: 'Asia/Seoul', durationMinutes: 90, from: '2021-07-12', until: '2021-08-06', skipDates: ['2021-07-15'] });
    expect(occurrences.map((o) => o.date)).toEqual(['2021-07-13', '2021-07-20', '2021-07-22', '2021-07-27', '2021-07-29', '2021-08-03', '2021-08-05']);
    expect(occurrences[0]!.startsAt.toISOString()).toBe('2021-07-13T00:00:00.000Z');
    expect(occurrences[0]!.endsAt.toISOString()).toBe('2021-07-13T01:30:00.000Z');
  });

  it('keeps the wall-clock time across a daylight-saving change', () => {
    const occurrences = expandWeekly({ weekdays: [1], localTime: '10:00', timeZone: 'Europe/Amsterdam', durationMinutes: 60, from: '2026-03-23', until: '2026-04-06' });
    expect(occurrences.map((o) => o.startsAt.toISOString())).toEqual(['2026-03-23T09:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-04-06T08:00:00.000Z']);
  });

  it('a pattern with no occurrence is refused', () => {
    const error = caught(() => expandWeekly({ weekdays: [6], localTime: '09:00', timeZone: 'Asia/Seoul', durationMinutes: 60, from: '2026-07-13', until: '2026-07-17' }));
    expect(error.code).toBe('rule_violated');
    expect(error.fields[0]!.field).toBe('weekdays');
  });

  it('an occurrence inside a spring-forward gap is named, and none is made', () => {
    const error = caught(() => expandWeekly({ weekdays: [7], localTime: '02:30', timeZone: 'America/Toronto', durationMinutes: 60, from: '2026-03-01', until: '2026-03-15' }));
    expect(error.fields).toEqual([{ field: 'occurrences.2026-03-08', message: expect.stringContaining('nearest valid time is 2026-03-08T03:00') }]);
  });

  it('an end before the start is refused', () => {
    expect(caught(() => expandWeekly({ weekdays: [1], localTime: '09:00', timeZone: 'Asia/Seoul', durationMinutes: 60, from: '2021-05-20', until: '2021-05-09' })).fields[0]!.field).toBe('until');
  });
});
