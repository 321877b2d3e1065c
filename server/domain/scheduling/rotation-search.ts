/**
 * One start time a rotation may give a session: for each session (in date order) the cities it leaves
 * outside their hours (`outside[session][city]` is 1 or 0) and the person-minutes outside.
 */
export interface RotationSlot {
  outside: readonly Uint8Array[];
  minutes: readonly number[];
}

export interface RotationSearchResult {
  /** The slot index of each session. */
  assignment: number[];
  /** Sessions outside hours of the worst-off city. */
  worstCount: number;
  minutes: number;
  method: 'exact' | 'greedy';
  /** slots ^ sessions: how many timetables there are. */
  searchSpace: number;
}

/** Up to this many timetables the search tries them all (pruned); beyond, greedy with local improvement. */
export const EXACT_SEARCH_LIMIT = 200_000;

interface State {
  assignment: number[];
  counts: Int32Array;
  minutes: number;
}

function stateOf(slots: readonly RotationSlot[], cityCount: number, assignment: number[]): State {
  const counts = new Int32Array(cityCount);
  let minutes = 0;
  assignment.forEach((slot, session) => {
    slots[slot]!.outside[session]!.forEach((flag, city) => (counts[city]! += flag));
    minutes += slots[slot]!.minutes[session]!;
  });
  return { assignment, counts, minutes };
}

function moveSession(slots: readonly RotationSlot[], state: State, session: number, slot: number): void {
  const from = state.assignment[session]!;
  slots[from]!.outside[session]!.forEach((flag, city) => (state.counts[city]! -= flag));
  slots[slot]!.outside[session]!.forEach((flag, city) => (state.counts[city]! += flag));
  state.minutes += slots[slot]!.minutes[session]! - slots[from]!.minutes[session]!;
  state.assignment[session] = slot;
}

const worstOf = (counts: Int32Array) => counts.reduce((max, n) => (n > max ? n : max), 0);
const squaresOf = (counts: Int32Array) => counts.reduce((sum, n) => sum + n * n, 0);

/** The objective: the worst city's count, then person-minutes outside. */
const objective = (state: State) => [worstOf(state.counts), state.minutes];
/**
 * While searching, a smaller sum of squared counts also counts as progress: with a max objective, moving
 * one city's inconvenience is often needed before the worst count can drop.
 */
const balanced = (state: State) => [worstOf(state.counts), squaresOf(state.counts), state.minutes];

const isBelow = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};

/** After session `moved` changed slot, moves one later session too if the pair improves on `before`. */
function improvePartner(slots: readonly RotationSlot[], state: State, moved: number, key: (s: State) => number[], before: number[]): boolean {
  for (let j = moved + 1; j < state.assignment.length; j++) {
    const previous = state.assignment[j]!;
    for (let b = 0; b < slots.length; b++) {
      if (b === previous) continue;
      moveSession(slots, state, j, b);
      if (isBelow(key(state), before)) return true;
      moveSession(slots, state, j, previous);
    }
  }
  return false;
}

/** Moves one session (and, with `pairs`, two at once) to another slot while that improves `key`. */
function improve(slots: readonly RotationSlot[], state: State, key: (s: State) => number[], pairs: boolean): void {
  const sessions = state.assignment.length;
  for (let improved = true; improved; ) {
    improved = false;
    for (let i = 0; i < sessions; i++) {
      for (let a = 0; a < slots.length; a++) {
        const currentKey = key(state);
        const previousA = state.assignment[i]!;
        if (a === previousA) continue;
        moveSession(slots, state, i, a);
        if (isBelow(key(state), currentKey)) {
          improved = true;
          continue;
        }
        if (pairs && improvePartner(slots, state, i, key, currentKey)) {
          improved = true;
          continue;
        }
        moveSession(slots, state, i, previousA);
      }
    }
  }
}

/** Greedy, session by session (the most balanced slot each time), then local improvement; never worse than one slot for all. */
export function greedyRotation(slots: readonly RotationSlot[], cityCount: number, options: { pairs: boolean }): State {
  const sessions = slots[0]!.minutes.length;
  const state = stateOf(slots, cityCount, []);
  for (let session = 0; session < sessions; session++) {
    let chosen = 0;
    let chosenKey: number[] | undefined;
    for (let slot = 0; slot < slots.length; slot++) {
      const trial = { assignment: state.assignment, counts: state.counts.map((n, city) => n + slots[slot]!.outside[session]![city]!), minutes: state.minutes + slots[slot]!.minutes[session]! };
      const trialKey = balanced(trial);
      if (!chosenKey || isBelow(trialKey, chosenKey)) [chosen, chosenKey] = [slot, trialKey];
    }
    slots[chosen]!.outside[session]!.forEach((flag, city) => (state.counts[city]! += flag));
    state.minutes += slots[chosen]!.minutes[session]!;
    state.assignment.push(chosen);
  }
  improve(slots, state, balanced, options.pairs);
  improve(slots, state, objective, options.pairs);
  let best = state;
  for (let slot = 0; slot < slots.length; slot++) {
    const single = stateOf(slots, cityCount, new Array<number>(sessions).fill(slot));
    if (isBelow(objective(single), objective(best))) best = single;
  }
  return best;
}

/** Depth-first over every timetable, pruned by the best found so far (seeded with the greedy one). */
function exactRotation(slots: readonly RotationSlot[], cityCount: number, seed: State): State {
  const sessions = slots[0]!.minutes.length;
  const cheapestFrom = new Array<number>(sessions + 1).fill(0);
  for (let i = sessions - 1; i >= 0; i--) cheapestFrom[i] = cheapestFrom[i + 1]! + Math.min(...slots.map((s) => s.minutes[i]!));
  let bestWorst = worstOf(seed.counts);
  let bestMinutes = seed.minutes;
  let bestAssignment = [...seed.assignment];
  const counts = new Int32Array(cityCount);
  const choice = new Array<number>(sessions).fill(0);
  const visit = (session: number, worst: number, minutes: number) => {
    if (worst > bestWorst || (worst === bestWorst && minutes + cheapestFrom[session]! >= bestMinutes)) return;
    if (session === sessions) {
      [bestWorst, bestMinutes, bestAssignment] = [worst, minutes, [...choice]];
      return;
    }
    for (let slot = 0; slot < slots.length; slot++) {
      const row = slots[slot]!.outside[session]!;
      let next = worst;
      for (let city = 0; city < cityCount; city++) if (row[city] && ++counts[city]! > next) next = counts[city]!;
      choice[session] = slot;
      visit(session + 1, next, minutes + slots[slot]!.minutes[session]!);
      for (let city = 0; city < cityCount; city++) if (row[city]) counts[city]! -= 1;
    }
  };
  visit(0, 0, 0);
  return stateOf(slots, cityCount, bestAssignment);
}

/**
 * Gives each session one of the slots so that the worst-off city has as few sessions outside its hours as
 * possible, then as few person-minutes outside as possible: exact when the timetables are few, else greedy.
 */
export function searchRotation(slots: readonly RotationSlot[], cityCount: number, exactLimit = EXACT_SEARCH_LIMIT): RotationSearchResult {
  const sessions = slots[0]!.minutes.length;
  const searchSpace = slots.length ** sessions;
  const greedy = greedyRotation(slots, cityCount, { pairs: true });
  const exact = searchSpace <= exactLimit;
  const best = exact ? exactRotation(slots, cityCount, greedy) : greedy;
  return { assignment: best.assignment, worstCount: worstOf(best.counts), minutes: best.minutes, method: exact ? 'exact' : 'greedy', searchSpace };
}
