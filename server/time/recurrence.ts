import rrule from 'rrule';
import { Temporal } from 'temporal-polyfill';
import { AppError, type FieldProblem } from '../errors.ts';
import { deriveInstants, type DerivedInstant } from './instants.ts';

const { RRule } = rrule;
const WEEKDAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];

export interface WeeklyPattern {
  /** ISO weekdays in the pattern's own zone, 1 = Monday. */
  weekdays: number[];
  /** 'HH:MM' on the wall clock of `timeZone`. */
  localTime: string;
  timeZone: string;
  durationMinutes: number;
  from: string;
  until: string;
  skipDates?: string[];
}

export interface Occurrence extends DerivedInstant {
  date: string;
  localStart: string;
}

/**
 * The sessions a weekly pattern makes. rrule enumerates the calendar dates (as floating dates, where it
 * is reliable); Temporal places each date's wall-clock time in the zone, so every occurrence keeps its
 * local time across a daylight-saving change. Any occurrence that does not exist is reported, none made.
 */
export function expandWeekly(pattern: WeeklyPattern): Occurrence[] {
  const from = Temporal.PlainDate.from(pattern.from);
  const until = Temporal.PlainDate.from(pattern.until);
  if (Temporal.PlainDate.compare(until, from) < 0) {
    throw new AppError('rule_violated', `The pattern ends (${pattern.until}) before it starts (${pattern.from})`, { fields: [{ field: 'until', message: 'before from' }] });
  }
  const rule = new RRule({
    freq: RRule.WEEKLY,
    byweekday: pattern.weekdays.map((day) => WEEKDAYS[day - 1]!),
    dtstart: new Date(`${from.toString()}T00:00:00Z`),
    until: new Date(`${until.toString()}T00:00:00Z`),
  });
  const skip = new Set(pattern.skipDates ?? []);
  const dates = rule.all().map((d) => d.toISOString().slice(0, 10)).filter((date) => !skip.has(date));
  if (dates.length === 0) {
    throw new AppError('rule_violated', 'The pattern makes no session: no chosen weekday falls between its first and last day (after the skipped dates)', {
      fields: [{ field: 'weekdays', message: 'no occurrence between from and until' }],
    });
  }
  const problems: FieldProblem[] = [];
  const occurrences: Occurrence[] = [];
  for (const date of dates) {
    const localStart = `${date}T${pattern.localTime}`;
    try {
      occurrences.push({ date, localStart, ...deriveInstants(localStart, pattern.timeZone, pattern.durationMinutes) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push({ field: `occurrences.${date}`, message: error.message });
    }
  }
  if (problems.length) throw new AppError('rule_violated', 'Some occurrences do not exist on the wall clock of their zone', { fields: problems });
  return occurrences;
}
