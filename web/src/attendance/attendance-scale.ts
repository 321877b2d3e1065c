import type { MessageKey } from '../i18n/i18n.tsx';

/** The heat map's five steps, from absent to (nearly) all of the session; the legend names each in words. */
export const attendanceLevels = [
  { level: 0, upTo: 0, label: 'attendance.level0' },
  { level: 1, upTo: 0.25, label: 'attendance.level1' },
  { level: 2, upTo: 0.5, label: 'attendance.level2' },
  { level: 3, upTo: 0.8, label: 'attendance.level3' },
  { level: 4, upTo: Infinity, label: 'attendance.level4' },
] as const satisfies readonly { level: number; upTo: number; label: MessageKey }[];

export function attendanceLevel(share: number): number {
  return attendanceLevels.find((step) => share <= step.upTo)?.level ?? 4;
}

/** "67 %" in the reader's language. */
export function formatShare(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** "62.5" minutes in the reader's language (one decimal at most). */
export function formatMinutes(minutes: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(minutes);
}
