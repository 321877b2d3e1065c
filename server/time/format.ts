import { Temporal } from 'temporal-polyfill';

/** A locale the runtime can format in; unknown or malformed tags fall back to English. */
export function usableLocale(locale: string | null | undefined): string {
  try {
    return Intl.getCanonicalLocales(locale ?? 'en')[0] ?? 'en';
  } catch {
    return 'en';
  }
}

// Building an Intl.DateTimeFormat costs far more than using one; a reminder wave formats thousands.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'full' | 'time', timeZone: string, locale: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}|${locale}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(usableLocale(locale), {
      timeZone,
      ...(kind === 'full' && { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
    formatters.set(key, found);
  }
  return found;
}

/** "Monday, 13 July 2026, 18:00 GMT-6" in the reader's language, on the wall clock of `timeZone`. */
export function formatInstant(instant: Date, timeZone: string, locale: string): string {
  return formatter('full', timeZone, locale).format(instant);
}

/** Only the time of day with its offset, for "18:00–19:30 GMT-6". */
export function formatTimeRange(start: Date, end: Date, timeZone: string, locale: string): string {
  return formatter('time', timeZone, locale).formatRange(start, end);
}

/** The local calendar date of an instant in a zone, 'YYYY-MM-DD'. */
export function localDate(instant: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** A calendar date ('YYYY-MM-DD', no zone) in the reader's language: "13 juillet 2026". */
export function formatPlainDate(date: string, locale: string): string {
  return Temporal.PlainDate.from(date).toLocaleString(usableLocale(locale), { day: 'numeric', month: 'long', year: 'numeric' });
}
