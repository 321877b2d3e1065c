/**
 * The attendance ledger: what every source says about a person in a session, merged into one set of
 * intervals, with the evidence each credited stretch rests on. A pure function of the evidence rows: the
 * order they arrived in, and how many times, changes nothing.
 *
 * Sources: LiveKit webhooks (a connection joined or left, a room finished), polls of RoomService
 * ListParticipants (who was connected at a moment, and since when; a poll that does not list a
 * connection proves it had gone), and the person's Socket.IO presence in the session.
 */

/**
 * `poll_interpolated`: no leave was reported, a poll proved the connection gone; the time between its
 * last sighting and that poll is split in half (the unbiased guess, never off by more than half a poll).
 */
export type EvidenceBasis = 'webhook' | 'poll' | 'poll_interpolated' | 'presence' | 'reconnect_grace';

export interface LedgerEvidence {
  source: 'webhook' | 'poll' | 'presence';
  kind: 'joined' | 'left' | 'seen' | 'room_started' | 'room_finished' | 'poll' | 'presence';
  /** When it happened (ms): the event's creation time, the poll's time, a presence interval's start. */
  at: number;
  /** A presence interval's end, if it ended. */
  until?: number | null;
  personId: string | null;
  /** LiveKit's id of one connection: a reconnect that resumes keeps it, a new join gets another. */
  participantSid: string | null;
  /** LiveKit's own record of when the connection joined, carried by every participant report. */
  joinedAt: number | null;
  roomName: string;
}

export interface LedgerOptions {
  scheduledStart: number;
  scheduledEnd: number;
  /** Gaps between connections up to this long are bridged (a reconnect, not an absence). */
  reconnectGraceMs: number;
  /** A connection still open this long after the scheduled end is closed there. */
  closeGraceMs: number;
  now: number;
  /** A poll must come this much after the last sighting to prove absence (clocks differ slightly). */
  pollSlackMs?: number;
}

export interface CreditedSegment {
  from: number;
  to: number;
  basis: EvidenceBasis[];
}

export interface PersonAttendance {
  personId: string;
  creditedMs: number;
  firstJoin: number | null;
  lastLeave: number | null;
  /** Every credited stretch with the sources it rests on; together they add up to `creditedMs`. */
  segments: CreditedSegment[];
}

interface Connection {
  from: number;
  to: number;
  basis: Set<EvidenceBasis>;
  /** The part after the last sighting, credited on the poll interval's midpoint. */
  interpolatedFrom?: number;
}

const byTime = (a: { at: number }, b: { at: number }) => a.at - b.at;

/** The rows of one LiveKit connection: a person's device in one room. */
function connectionKey(row: LedgerEvidence): string {
  return `${row.roomName}\u0000${row.participantSid ?? `${row.personId}`}`;
}

function roomFacts(evidence: LedgerEvidence[]) {
  const polls = new Map<string, number[]>();
  const finished = new Map<string, number[]>();
  for (const row of evidence) {
    const target = row.kind === 'poll' ? polls : row.kind === 'room_finished' ? finished : undefined;
    if (!target) continue;
    const list = target.get(row.roomName) ?? [];
    list.push(row.at);
    target.set(row.roomName, list);
  }
  for (const list of [...polls.values(), ...finished.values()]) list.sort((a, b) => a - b);
  return { polls, finished };
}

/** One connection's interval from its rows: start from LiveKit's join time, end from the best proof of leaving. */
function connectionOf(rows: LedgerEvidence[], facts: ReturnType<typeof roomFacts>, options: LedgerOptions): Connection {
  const room = rows[0]!.roomName;
  const starts = rows.flatMap((r) => [r.joinedAt ?? Infinity, r.kind === 'left' ? Infinity : r.at]);
  const from = Math.min(...starts, ...rows.map((r) => r.at));
  const sightings = rows.filter((r) => r.kind !== 'left').map((r) => r.at);
  const lastSeen = Math.max(from, ...sightings);
  const basis = new Set<EvidenceBasis>(rows.map((r) => r.source));
  const lefts = rows.filter((r) => r.kind === 'left').map((r) => r.at);
  if (lefts.length > 0) return { from, to: Math.max(from, Math.min(...lefts)), basis };
  // No leave was reported: a later poll that no longer lists the connection proves it had gone by then.
  const slack = options.pollSlackMs ?? 2_000;
  const absentAt = (facts.polls.get(room) ?? []).find((at) => at > lastSeen + slack);
  if (absentAt !== undefined) return { from, to: lastSeen + Math.floor((absentAt - lastSeen) / 2), basis, interpolatedFrom: lastSeen };
  const finishedAt = (facts.finished.get(room) ?? []).find((at) => at >= lastSeen);
  if (finishedAt !== undefined) return { from, to: finishedAt, basis };
  const cutoff = Math.min(options.now, options.scheduledEnd + options.closeGraceMs);
  return { from, to: Math.max(lastSeen, cutoff), basis };
}

/** Splits overlapping connections into stretches, each with the union of the sources covering it. */
function stretches(input: Connection[]): CreditedSegment[] {
  // An interpolated tail is a connection of its own, resting only on the poll that proved the absence.
  const connections = input.flatMap((c): Connection[] =>
    c.interpolatedFrom === undefined || c.interpolatedFrom >= c.to
      ? [c]
      : [
          { from: c.from, to: c.interpolatedFrom, basis: c.basis },
          { from: c.interpolatedFrom, to: c.to, basis: new Set(['poll_interpolated']) },
        ],
  );
  const cuts = [...new Set(connections.flatMap((c) => [c.from, c.to]))].sort((a, b) => a - b);
  const pieces: CreditedSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const covering = connections.filter((c) => c.from <= from && c.to >= to);
    if (covering.length === 0) continue;
    let basis = [...new Set(covering.flatMap((c) => [...c.basis]))].sort() as EvidenceBasis[];
    // Where direct evidence covers a stretch, an estimate adds nothing.
    if (basis.length > 1) basis = basis.filter((b) => b !== 'poll_interpolated');
    const last = pieces.at(-1);
    if (last && last.to === from && last.basis.join() === basis.join()) last.to = to;
    else pieces.push({ from, to, basis });
  }
  return pieces;
}

/** Bridges short gaps (reconnects) and keeps only what lies inside the scheduled time. */
function creditable(pieces: CreditedSegment[], options: LedgerOptions): CreditedSegment[] {
  const bridged: CreditedSegment[] = [];
  for (const piece of pieces) {
    const last = bridged.at(-1);
    if (last && piece.from > last.to && piece.from - last.to <= options.reconnectGraceMs) {
      bridged.push({ from: last.to, to: piece.from, basis: ['reconnect_grace'] });
    }
    bridged.push({ ...piece });
  }
  return bridged
    .map((s) => ({ ...s, from: Math.max(s.from, options.scheduledStart), to: Math.min(s.to, options.scheduledEnd) }))
    .filter((s) => s.to > s.from);
}

/** Every person's attendance in one session, from all of the session's evidence (any order, duplicates allowed). */
export function computeAttendance(evidence: readonly LedgerEvidence[], options: LedgerOptions): Map<string, PersonAttendance> {
  const rows = [...evidence].sort(byTime);
  const facts = roomFacts(rows);
  const connectionsByPerson = new Map<string, Connection[]>();
  const add = (personId: string, connection: Connection) => connectionsByPerson.set(personId, [...(connectionsByPerson.get(personId) ?? []), connection]);

  const byConnection = new Map<string, LedgerEvidence[]>();
  for (const row of rows) {
    if (!row.personId) continue;
    if (row.source === 'presence') {
      const to = row.until ?? Math.min(options.now, options.scheduledEnd + options.closeGraceMs);
      add(row.personId, { from: row.at, to: Math.max(row.at, to), basis: new Set(['presence']) });
      continue;
    }
    const key = connectionKey(row);
    byConnection.set(key, [...(byConnection.get(key) ?? []), row]);
  }
  // LiveKit keeps one connection per identity and room: a newer one ends the one before, reported or not.
  const byPersonRoom = Map.groupBy([...byConnection.values()], (rows) => `${rows[0]!.personId}\u0000${rows[0]!.roomName}`);
  for (const group of byPersonRoom.values()) {
    const connections = group.map((rows) => connectionOf(rows, facts, options)).sort((a, b) => a.from - b.from);
    connections.forEach((connection, index) => {
      const next = connections[index + 1];
      if (next && connection.to > next.from) {
        connection.to = Math.max(connection.from, next.from);
        if (connection.interpolatedFrom !== undefined) connection.interpolatedFrom = Math.min(connection.interpolatedFrom, connection.to);
      }
      add(group[0]![0]!.personId!, connection);
    });
  }

  const result = new Map<string, PersonAttendance>();
  for (const [personId, connections] of [...connectionsByPerson].sort(([a], [b]) => a.localeCompare(b))) {
    const segments = creditable(stretches(connections), options);
    result.set(personId, {
      personId,
      creditedMs: segments.reduce((sum, s) => sum + (s.to - s.from), 0),
      firstJoin: Math.min(...connections.map((c) => c.from)),
      lastLeave: Math.max(...connections.map((c) => c.to)),
      segments,
    });
  }
  return result;
}
