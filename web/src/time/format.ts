// Every date and time on screen goes through Intl with an explicit zone: the browser's own zone is
// never assumed, because a participant's profile zone and their laptop's may differ.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "Monday 13 July 2026" in the zone's own calendar day. */
export function formatDay(instant: string | Date, timeZone: string, locale: string): string {
  return formatter(locale, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(instant));
}

/** "18:00" (or "6:00 PM") on the zone's wall clock. */
export function formatTime(instant: string | Date, timeZone: string, locale: string): string {
  return formatter(locale, timeZone, { hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
}

/** "Mon 13 Jul, 18:00 GMT-6". */
export function formatDateTime(instant: string | Date, timeZone: string, locale: string): string {
  return formatter(locale, timeZone, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(instant));
}

/** The zone's name for people ("Mexico City Time" where the runtime knows it, else the IANA city). */
export function zoneLabel(timeZone: string): string {
  return timeZone.split('/').pop()?.replaceAll('_', ' ') ?? timeZone;
}

/** "2026-07-13T18:00-06:00": the instant on the zone's wall clock, for <time dateTime>. */
export function localIso(instant: string | Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatter('en-US', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const offset = parts['timeZoneName'] === 'GMT' ? '+00:00' : (parts['timeZoneName'] ?? '').replace('GMT', '');
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}${offset}`;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a zone. */
export function localDate(instant: string | Date, timeZone: string): string {
  return localIso(instant, timeZone).slice(0, 10);
}

/** "2 d 4 h", "3 h 05 min", "45 s": how long until an instant, in the reader's language. */
export function formatDuration(milliseconds: number, locale: string): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const unit = (value: number, name: 'day' | 'hour' | 'minute' | 'second') => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
  if (days > 0) return `${unit(days, 'day')} ${unit(hours, 'hour')}`;
  if (hours > 0) return `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`;
  if (minutes > 0) return `${unit(minutes, 'minute')} ${unit(seconds % 60, 'second')}`;
  return unit(seconds, 'second');
}

/** "Tue 14 Jul, 09:00" on the zone's wall clock, without the zone's name. */
export function formatDayTime(instant: string | Date, timeZone: string, locale: string): string {
  return formatter(locale, timeZone, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
}

/** "2 Dec 2026" on the zone's calendar. */
export function formatDate(instant: string | Date, timeZone: string, locale: string): string {
  return formatter(locale, timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(instant));
}
