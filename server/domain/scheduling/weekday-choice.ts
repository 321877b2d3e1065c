/** What a weekday's sessions at one host time cost, summed over the period. */
interface WeekdayCost {
  weekday: number;
  sessions: number;
  minutesOutside: number;
  weekendOrHolidayHits: number;
}

function combinations<T>(items: T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...combinations(rest, size - 1).map((tail) => [first!, ...tail]), ...combinations(rest, size)];
}

/** The smallest number of days between two meetings of a week, counting round the weekend. */
function smallestGap(weekdays: number[]): number {
  if (weekdays.length < 2) return 7;
  return Math.min(...weekdays.map((day, i) => (i + 1 < weekdays.length ? weekdays[i + 1]! - day : weekdays[0]! + 7 - day)));
}

interface SetCost {
  weekdays: number[];
  sessions: number;
  minutesOutside: number;
  hits: number;
  gap: number;
}

/** Per session, not in total: weekdays that occur less often in the period must not look cheaper for it. */
function compareSets(a: SetCost, b: SetCost): number {
  return (
    a.minutesOutside * b.sessions - b.minutesOutside * a.sessions ||
    a.hits * b.sessions - b.hits * a.sessions ||
    b.gap - a.gap ||
    a.weekdays.join().localeCompare(b.weekdays.join())
  );
}

/**
 * The `count` host weekdays that suit the cohort best at one start time: fewest person-minutes outside
 * preferred hours per session, then fewest weekend or holiday person-sessions, then the most evenly spread
 * (Tuesday and Friday rather than Monday and Tuesday). The host's own weekend is used only when the other
 * days are too few. Weekdays where the time does not exist on some date are left out.
 */
export function chooseWeekdays(
  dates: readonly { date: string; weekday: number }[],
  sessions: ReadonlyMap<string, { minutesOutside: number; weekendOrHolidayHits: number }>,
  count: number,
  hostWeekend: readonly number[],
): number[] {
  const costs = new Map<number, WeekdayCost>();
  const broken = new Set<number>();
  for (const { date, weekday } of dates) {
    const session = sessions.get(date);
    if (!session) {
      broken.add(weekday);
      continue;
    }
    const cost = costs.get(weekday) ?? { weekday, sessions: 0, minutesOutside: 0, weekendOrHolidayHits: 0 };
    cost.sessions += 1;
    cost.minutesOutside += session.minutesOutside;
    cost.weekendOrHolidayHits += session.weekendOrHolidayHits;
    costs.set(weekday, cost);
  }
  const usable = [...costs.values()].filter((c) => !broken.has(c.weekday)).sort((a, b) => a.weekday - b.weekday);
  const workdays = usable.filter((c) => !hostWeekend.includes(c.weekday));
  const pool = workdays.length >= count ? workdays : usable;
  const sets = combinations(pool, Math.min(count, pool.length)).map(
    (set): SetCost => ({
      weekdays: set.map((c) => c.weekday),
      sessions: set.reduce((sum, c) => sum + c.sessions, 0),
      minutesOutside: set.reduce((sum, c) => sum + c.minutesOutside, 0),
      hits: set.reduce((sum, c) => sum + c.weekendOrHolidayHits, 0),
      gap: smallestGap(set.map((c) => c.weekday)),
    }),
  );
  return sets.sort(compareSets)[0]?.weekdays ?? [];
}
