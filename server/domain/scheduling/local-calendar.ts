import ct from 'countries-and-timezones';
import Holidays from 'date-holidays';
import { Temporal } from 'temporal-polyfill';

interface WeekInfo {
  firstDay: number;
  weekend: number[];
}
// Node 24 (V8) has the standard `getWeekInfo()`; older V8 only had the `weekInfo` accessor.
type LocaleWithWeekInfo = Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };

const SATURDAY_SUNDAY: readonly number[] = Object.freeze([6, 7]);
const weekends = new Map<string, readonly number[]>();
const calendars = new Map<string, Holidays>();
const holidaysByYear = new Map<string, ReadonlyMap<string, string>>();

/** The country's weekend as ISO weekdays, from CLDR week data: Friday–Saturday in Egypt and Iraq, Friday in Iran. */
export function weekendDaysOf(country: string): readonly number[] {
  let weekend = weekends.get(country);
  if (!weekend) {
    try {
      const locale = new Intl.Locale(`und-${country}`) as LocaleWithWeekInfo;
      const info = locale.getWeekInfo?.() ?? locale.weekInfo;
      weekend = Object.freeze([...(info?.weekend ?? SATURDAY_SUNDAY)]);
    } catch {
      weekend = SATURDAY_SUNDAY;
    }
    weekends.set(country, weekend);
  }
  return weekend;
}

function calendarOf(country: string): Holidays {
  let calendar = calendars.get(country);
  if (!calendar) {
    calendar = new Holidays(country, { languages: ['en'] });
    calendars.set(country, calendar);
  }
  return calendar;
}

/**
 * The country's public holidays of a year by local date. A holiday lasting several days (Chuseok,
 * Eid) counts on each of them; two holidays on one date are named together.
 */
function publicHolidaysOf(country: string, year: number): ReadonlyMap<string, string> {
  const key = `${country}|${year}`;
  let byDate = holidaysByYear.get(key);
  if (byDate) return byDate;
  const found = new Map<string, string>();
  for (const holiday of calendarOf(country).getHolidays(year) || []) {
    if (holiday.type !== 'public') continue;
    const hours = Temporal.Instant.fromEpochMilliseconds(holiday.end.getTime())
      .since(Temporal.Instant.fromEpochMilliseconds(holiday.start.getTime()))
      .total({ unit: 'hours' });
    const first = Temporal.PlainDate.from(holiday.date.slice(0, 10));
    for (let day = 0; day < Math.max(1, Math.round(hours / 24)); day++) {
      const date = first.add({ days: day }).toString();
      const known = found.get(date);
      if (known !== holiday.name) found.set(date, known ? `${known} / ${holiday.name}` : holiday.name);
    }
  }
  byDate = found;
  holidaysByYear.set(key, byDate);
  return byDate;
}

/** The public holiday on a local date (YYYY-MM-DD) in a country, by its English name. */
export function publicHolidayOn(country: string, date: string): string | undefined {
  return publicHolidaysOf(country, Number(date.slice(0, 4))).get(date);
}

/** The country whose clock a zone is (Asia/Seoul → KR), when tzdata says. */
export function countryOfZone(timeZone: string): string | undefined {
  return ct.getTimezone(timeZone)?.countries[0];
}
