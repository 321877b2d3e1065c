import Holidays from 'date-holidays';

const weekends = new Map<string, number[]>();
const holidays = new Map<string, Map<string, string>>();

/** The country's weekend as ISO weekdays, from CLDR week data: Friday–Saturday in Egypt, Friday in Iran. */
export function weekendDaysOf(country: string): number[] {
  let found = weekends.get(country);
  if (!found) {
    const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & { getWeekInfo?: () => { weekend: number[] }; weekInfo?: { weekend: number[] } };
    found = (locale.getWeekInfo?.() ?? locale.weekInfo)?.weekend ?? [6, 7];
    weekends.set(country, found);
  }
  return found;
}

/** The public holiday on a local date in a country, by name (in English where the data has it). */
export function publicHolidayOn(country: string, date: string): string | undefined {
  const year = date.slice(0, 4);
  const key = `${country}|${year}`;
  let days = holidays.get(key);
  if (!days) {
    days = new Map();
    const calendar = new Holidays(country, { languages: ['en'] });
    for (const holiday of calendar.getHolidays(Number(year)) || []) {
      if (holiday.type === 'public') days.set(holiday.date.slice(0, 10), holiday.name);
    }
    holidays.set(key, days);
  }
  return days.get(date);
}
