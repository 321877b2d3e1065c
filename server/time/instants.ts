import { Temporal } from 'temporal-polyfill';
import { AppError } from '../errors.ts';

/** The time-zone database the process computes with; recorded beside every derived instant. */
export const tzdbVersion = (): string => process.versions.tz ?? 'unknown';

export interface DerivedInstant {
  startsAt: Date;
  endsAt: Date;
  /** Set when the wall-clock time happened twice (the fall-back hour): we took the earlier one. */
  ambiguity?: { chosen: string; alternative: string };
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export function parseLocalDateTime(value: string, field: string): Temporal.PlainDateTime {
  if (!LOCAL_DATE_TIME.test(value)) {
    throw new AppError('invalid_request', `${field} must be a local date and time such as 2026-07-14T09:00 (no offset)`, {
      fields: [{ field, message: 'expected YYYY-MM-DDTHH:MM without an offset or Z' }],
    });
  }
  try {
    return Temporal.PlainDateTime.from(value, { overflow: 'reject' });
  } catch {
    throw new AppError('invalid_request', `${field} is not a real calendar date and time: ${value}`, {
      fields: [{ field, message: 'no such date or time' }],
    });
  }
}

/**
 * Turns a wall-clock start in a zone into instants. A time inside a spring-forward gap does not
 * exist there and is refused with the nearest valid time; a fall-back time that happens twice takes
 * the earlier instant and says so.
 */
export function deriveInstants(localStart: string, timeZone: string, durationMinutes: number, field = 'localStart'): DerivedInstant {
  const plain = parseLocalDateTime(localStart, field);
  const earlier = plain.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  const later = plain.toZonedDateTime(timeZone, { disambiguation: 'later' });
  const wallClockExists = earlier.toPlainDateTime().equals(plain);
  if (!wallClockExists) {
    const transition = later.getTimeZoneTransition('previous');
    const nearest = (transition ?? later).toPlainDateTime();
    const proposal = nearest.toString({ smallestUnit: 'minute' });
    throw new AppError(
      'rule_violated',
      `${plain.toString({ smallestUnit: 'minute' })} does not exist in ${timeZone}: the clocks skip it. The nearest valid time is ${proposal}.`,
      { fields: [{ field, message: `skipped by a daylight-saving change; nearest valid time ${proposal}` }], details: { nearestValidTime: proposal } },
    );
  }
  const startsAt = new Date(earlier.epochMilliseconds);
  const endsAt = new Date(earlier.add({ minutes: durationMinutes }).epochMilliseconds);
  if (earlier.offset !== later.offset) {
    return { startsAt, endsAt, ambiguity: { chosen: earlier.toString({ timeZoneName: 'never' }), alternative: later.toString({ timeZoneName: 'never' }) } };
  }
  return { startsAt, endsAt };
}

export interface LocalView {
  timeZone: string;
  /** 'YYYY-MM-DDTHH:MM' on the wall clock of that zone. */
  localDateTime: string;
  date: string;
  time: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  offset: string;
}

// A programme's few session instants are viewed in the same few zones on every request: remember them.
const views = new Map<string, LocalView>();
const MAX_VIEWS = 20_000;

/** How an instant reads on the wall clock of a zone. */
export function viewInZone(instant: Date, timeZone: string): LocalView {
  const key = `${instant.getTime()}|${timeZone}`;
  const known = views.get(key);
  if (known) return known;
  const view = computeView(instant, timeZone);
  if (views.size >= MAX_VIEWS) views.delete(views.keys().next().value!);
  views.set(key, view);
  return view;
}

function computeView(instant: Date, timeZone: string): LocalView {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
  const local = zoned.toPlainDateTime().toString({ smallestUnit: 'minute' });
  return Object.freeze({
    timeZone,
    localDateTime: local,
    date: zoned.toPlainDate().toString(),
    time: local.slice(11, 16),
    weekday: zoned.dayOfWeek,
    offset: zoned.offset,
  });
}

/** A calendar day in a zone as the half-open range of instants [start, end). */
export function dayBounds(date: string, timeZone: string): { start: Date; end: Date } {
  const day = Temporal.PlainDate.from(date);
  const start = day.toZonedDateTime({ timeZone });
  const end = day.add({ days: 1 }).toZonedDateTime({ timeZone });
  return { start: new Date(start.epochMilliseconds), end: new Date(end.epochMilliseconds) };
}
