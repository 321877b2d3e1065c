import type { Candidate } from './planner.ts';

export interface Rotation {
  sessions: { hostLocalStart: string; startsAt: string; hostTime: string }[];
  cities: { city: string; sessionsOutsideHoursShare: number; localTimes: string[] }[];
  worstCityShare: number;
  personMinutesOutside: number;
  /** The worst city's share under the best single time, for comparison. */
  bestSingleTimeWorstCityShare: number;
  method: 'exhaustive' | 'local-search';
}

const EXHAUSTIVE_LIMIT = 200_000;

/**
 * Picks the start times a rotation may use: the best one, then each time the one that suits the
 * cities left out by the times already picked (fewest of them still outside), then by score.
 */
export function chooseRotationSlots(candidates: Candidate[], count: number): Candidate[] {
  const outsideCities = (c: Candidate) => new Set(c.cities.filter((city) => city.sessionsOutsideHoursShare > 0).map((city) => city.city));
  const chosen = [candidates[0]!];
  const pool = candidates.slice(1);
  while (chosen.length < count && pool.length) {
    const leftOut = [...outsideCities(chosen[0]!)].filter((city) => chosen.every((c) => outsideCities(c).has(city)));
    const stillOutside = (c: Candidate) => leftOut.filter((city) => outsideCities(c).has(city)).length;
    pool.sort((a, b) => stillOutside(a) - stillOutside(b) || a.score - b.score);
    chosen.push(pool.shift()!);
  }
  return chosen;
}

/**
 * Shares the inconvenient slots between cities: gives each session one of the given start times so that
 * the worst-off city has as small a share of its sessions outside preferred hours as possible (ties:
 * fewest person-minutes outside). Slots must cover the same dates in the same order.
 */
export function planRotation(slots: Candidate[]): Rotation {
  const sessionCount = slots[0]!.sessions.length;
  const cities = slots[0]!.cities.map((c) => c.city);
  // outside[slot][session][city] and minutes[slot][session], computed once.
  const outside = slots.map((slot) =>
    slot.sessions.map((session) =>
      cities.map((city) => {
        const here = session.people.filter((p) => p.city === city);
        return here.filter((p) => !p.insidePreferredHours).length * 2 > here.length ? 1 : 0;
      }),
    ),
  );
  const minutes = slots.map((slot) => slot.sessions.map((s) => s.people.reduce((sum, p) => sum + p.minutesOutside, 0)));

  const cost = (choice: number[]): [number, number] => {
    const counts = new Array<number>(cities.length).fill(0);
    let total = 0;
    choice.forEach((slot, session) => {
      outside[slot]![session]!.forEach((flag, city) => (counts[city]! += flag));
      total += minutes[slot]![session]!;
    });
    return [Math.max(0, ...counts), total];
  };
  const better = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

  let best = new Array<number>(sessionCount).fill(0);
  let bestCost = cost(best);
  let method: Rotation['method'] = 'local-search';
  if (slots.length ** sessionCount <= EXHAUSTIVE_LIMIT) {
    method = 'exhaustive';
    const choice = new Array<number>(sessionCount).fill(0);
    const visit = (index: number) => {
      if (index === sessionCount) {
        const c = cost(choice);
        if (better(c, bestCost)) [best, bestCost] = [[...choice], c];
        return;
      }
      for (let slot = 0; slot < slots.length; slot++) {
        choice[index] = slot;
        visit(index + 1);
      }
    };
    visit(0);
  } else {
    for (let start = 0; start < slots.length; start++) {
      const choice = new Array<number>(sessionCount).fill(start);
      let current = cost(choice);
      for (let improved = true; improved; ) {
        improved = false;
        for (let session = 0; session < sessionCount; session++) {
          for (let slot = 0; slot < slots.length; slot++) {
            const previous = choice[session]!;
            if (slot === previous) continue;
            choice[session] = slot;
            const c = cost(choice);
            if (better(c, current)) [current, improved] = [c, true];
            else choice[session] = previous;
          }
        }
      }
      if (better(current, bestCost)) [best, bestCost] = [[...choice], current];
    }
  }

  return {
    sessions: best.map((slot, session) => {
      const s = slots[slot]!.sessions[session]!;
      return { hostLocalStart: s.hostLocalStart, startsAt: s.startsAt, hostTime: slots[slot]!.hostTime };
    }),
    cities: cities.map((city, index) => ({
      city,
      sessionsOutsideHoursShare: best.reduce((sum, slot, session) => sum + outside[slot]![session]![index]!, 0) / sessionCount,
      localTimes: [...new Set(best.flatMap((slot, session) => slots[slot]!.sessions[session]!.people.filter((p) => p.city === city).map((p) => p.localTime)))].sort(),
    })),
    worstCityShare: bestCost[0] / sessionCount,
    personMinutesOutside: bestCost[1],
    bestSingleTimeWorstCityShare: Math.min(...slots.map((slot) => Math.max(0, ...slot.cities.map((c) => c.sessionsOutsideHoursShare)))),
    method,
  };
}
