import type { Candidate, EvaluatedSession, Plan } from './planner.ts';
import { greedyRotation, searchRotation, type RotationSlot } from './rotation-search.ts';

/**
 * How a city counts as outside its hours for a session: when MORE than half of its people are outside their
 * preferred hours for at least one minute of it (a city of one: that person; of two: both). A city's share
 * is its sessions outside hours divided by all sessions.
 */
export const CITY_OUTSIDE_DEFINITION = 'A city’s session counts as outside hours when more than half of that city’s people are outside their preferred hours for at least part of it.';

export interface RotationPlan {
  /** The start times the rotation may use, best-ranked first. */
  slots: Candidate[];
  /** For each session date, the chosen slot's session. */
  sessions: { slot: number; session: EvaluatedSession }[];
  worstCount: number;
  personMinutesOutside: number;
  method: 'exact' | 'greedy';
  searchSpace: number;
}

/** True when no session of the candidate leaves any city outside its hours. */
export const suitsEveryCity = (candidate: Candidate) => candidate.sessions.every((s) => s.cityOutside.every((flag) => flag === 0));
const datesOf = (candidate: Candidate) => candidate.sessions.map((s) => s.hostDate).join();
const toSlot = (candidate: Candidate): RotationSlot => ({ outside: candidate.sessions.map((s) => s.cityOutside), minutes: candidate.sessions.map((s) => s.minutesOutside) });

function isLexicallyBelow(a: number[], b: number[]): boolean {
  const i = a.findIndex((value, index) => value !== b[index]);
  return i >= 0 && a[i]! < b[i]!;
}

/**
 * The start times a rotation may use. Only times that meet on the best candidate's dates can be mixed,
 * and a time that leaves out exactly the same cities on every date as a better-ranked time adds nothing,
 * so each such pattern keeps only its best-ranked time. From these, the set of `count` times whose
 * rotation leaves the worst-off city best off (then fewest person-minutes outside, then better-ranked
 * times) is built greedily: start from the best-ranked time, add the time that helps most, then swap a
 * member for an outsider while that helps. A morning and an evening time thus end up together when the
 * Americas and Europe cannot both be inside their hours at once.
 */
export function chooseRotationSlots(plan: Plan, count: number): Candidate[] {
  const best = plan.candidates[0]!;
  const seen = new Set<string>();
  const options = plan.candidates.filter((candidate) => {
    if (datesOf(candidate) !== datesOf(best)) return false;
    const pattern = candidate.sessions.map((s) => s.cityOutside.join('')).join('|');
    if (seen.has(pattern)) return false;
    seen.add(pattern);
    return true;
  });
  if (options.length <= count) return options;
  const known = new Map<string, number[]>();
  const costOf = (set: number[]) => {
    const key = [...set].sort((a, b) => a - b).join();
    let cost = known.get(key);
    if (!cost) {
      const state = greedyRotation(set.map((i) => toSlot(options[i]!)), plan.cities.length, { pairs: false });
      cost = [Math.max(0, ...state.counts), state.minutes, set.reduce((sum, i) => sum + i, 0)];
      known.set(key, cost);
    }
    return cost;
  };
  const outsiders = (set: number[]) => options.map((_, i) => i).filter((i) => !set.includes(i));
  const bestOf = (sets: number[][]) => sets.reduce((a, b) => (isLexicallyBelow(costOf(b), costOf(a)) ? b : a));
  let set = [0];
  while (set.length < count) set = bestOf(outsiders(set).map((i) => [...set, i]));
  for (let improved = true; improved; ) {
    const swapped = bestOf([set, ...set.flatMap((_, position) => outsiders(set).map((i) => set.map((member, p) => (p === position ? i : member))))]);
    improved = swapped !== set;
    set = swapped;
  }
  return [...set].sort((a, b) => a - b).map((i) => options[i]!);
}

/** A fair rotation, or undefined when one time already suits every city or no other time meets on the same dates. */
export function planRotation(plan: Plan, slotCount: number): RotationPlan | undefined {
  if (plan.candidates.some(suitsEveryCity)) return undefined;
  const slots = chooseRotationSlots(plan, slotCount);
  if (slots.length < 2) return undefined;
  const result = searchRotation(slots.map(toSlot), plan.cities.length);
  return {
    slots,
    sessions: result.assignment.map((slot, index) => ({ slot, session: slots[slot]!.sessions[index]! })),
    worstCount: result.worstCount,
    personMinutesOutside: result.minutes,
    method: result.method,
    searchSpace: result.searchSpace,
  };
}
