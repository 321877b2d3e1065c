import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookEvent } from 'livekit-server-sdk';
import { ManualClock } from '../server/clock.ts';
import { processLivekitEvent } from '../server/domain/attendance/evidence.service.ts';
import { startWorkers } from '../worker/workers.ts';
import { createTestContext, type TestContext } from './harness/context.ts';
import { signedInStaff } from './harness/factories.ts';
import { listen, playLecture, type ScenarioOptions } from './harness/attendance-scenario.ts';

const clock = new ManualClock('2026-07-13T23:00:00Z');
let ctx: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let workers: ReturnType<typeof startWorkers>;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  server = await listen(ctx);
  workers = startWorkers(ctx.deps);
});
afterAll(async () => {
  await workers.close();
  await server.close();
  await ctx.close();
});

// ±max(30 s, 2 % of the 90-minute session).
const TOLERANCE_MS = Math.max(30_000, 0.02 * 90 * 60_000);

async function matrixOf(cohortId: string) {
  const coordinator = await signedInStaff(ctx);
  const response = await coordinator.get(`/api/cohorts/${cohortId}/attendance`);
  expect(response.status).toBe(200);
  return response.body as { people: { personId: string; cells: { secondsPresent: number; minutesPresent: number }[] }[] };
}

async function expectWithinTruth(options: ScenarioOptions) {
  const played = await playLecture(ctx, clock, `${server.url}/api/livekit/webhook`, options);
  const matrix = await matrixOf(played.cohort.id);
  const credited = new Map(matrix.people.map((p) => [p.personId, p.cells[0]!.secondsPresent * 1000]));
  const report = played.people.map((p) => ({ person: p.name_latin, truthMinutes: played.truth.get(p.id)! / 60_000, creditedMinutes: credited.get(p.id)! / 60_000 }));
  for (const person of played.people) {
    const difference = Math.abs(credited.get(person.id)! - played.truth.get(person.id)!);
    expect(difference, JSON.stringify(report)).toBeLessThanOrEqual(TOLERANCE_MS);
  }
  // The script really exercises the range: someone was there throughout, someone never.
  expect(Math.max(...played.truth.values())).toBe(90 * 60_000);
  expect(Math.min(...played.truth.values())).toBe(0);
  return played;
}

/** Throws away the webhook evidence and rebuilds it from the stored events in another order. */
async function replay(sessionId: string, order: (ids: string[]) => string[]) {
  const events = await ctx.deps.db.selectFrom('livekit_events').select('id').where('room_name', 'like', `session-${sessionId}%`).execute();
  await ctx.deps.db.deleteFrom('attendance_evidence').where('session_id', '=', sessionId).where('source', '=', 'webhook').execute();
  await ctx.deps.db.updateTable('livekit_events').set({ processed_at: null }).where('room_name', 'like', `session-${sessionId}%`).execute();
  const parse = (json: unknown) => WebhookEvent.fromJson(json as never, { ignoreUnknownFields: true });
  for (const id of order(events.map((e) => e.id))) await processLivekitEvent(ctx.deps.db, id, clock.now(), parse);
  return events.length;
}

describe('the attendance ledger against the ground truth of the LiveKit double', () => {
  it('every webhook delivered: each person within tolerance, and identical when the events are replayed in reverse', async () => {
    const played = await expectWithinTruth({});
    expect(ctx.livekit.webhooks.lost).toBe(0);
    const before = await matrixOf(played.cohort.id);
    expect(await replay(played.session.id, (ids) => [...ids].reverse())).toBeGreaterThan(15);
    expect(await matrixOf(played.cohort.id)).toEqual({ ...before, computedAt: expect.any(String) });
  });

  it('webhooks alone (no RoomService poll): a connection that died unreported ends when the same person connects again', async () => {
    await expectWithinTruth({ pollEverySeconds: 24 * 3600 });
  });

  it('webhooks duplicated: stored once each, the same result', async () => {
    const duplicatesBefore = ctx.livekit.webhooks.delivered;
    const played = await expectWithinTruth({ faults: { duplicateRate: 0.5 } });
    const stored = await ctx.deps.db.selectFrom('livekit_events').select('id').where('room_name', '=', `session-${played.session.id}`).execute();
    expect(ctx.livekit.webhooks.delivered - duplicatesBefore).toBeGreaterThan(stored.length);
  });

  it('webhooks reordered in ten-minute batches, and a leave arriving before its join', async () => {
    await expectWithinTruth({ faults: { reorder: true }, flushEveryMinutes: 10 });
    await expectWithinTruth({ faults: { leftFirst: true }, flushEveryMinutes: 10 });
  });

  it('10 % of webhooks dropped, or every participant_left dropped: the RoomService poll fills the gaps', async () => {
    const lostBefore = ctx.livekit.webhooks.lost;
    await expectWithinTruth({ faults: { dropRate: 0.1 } });
    expect(ctx.livekit.webhooks.lost).toBeGreaterThan(lostBefore);
    await expectWithinTruth({ faults: { dropKinds: ['participant_left', 'participant_connection_aborted'] } });
  });

  it('the endpoint down for two minutes (webhooks lost, as LiveKit gives up on them)', async () => {
    const lostBefore = ctx.livekit.webhooks.lost;
    await expectWithinTruth({ endpointDown: [44, 46] });
    expect(ctx.livekit.webhooks.lost).toBeGreaterThan(lostBefore);
  });

  it('with every webhook lost, the poll alone still gives each person’s time', async () => {
    await expectWithinTruth({ faults: { dropRate: 1 } });
  });

  it('the detail shows first join, last leave and the evidence of each credited stretch', async () => {
    const played = await playLecture(ctx, clock, `${server.url}/api/livekit/webhook`, {});
    const coordinator = await signedInStaff(ctx);
    // Person 3 lost the connection at +30 without any webhook and was back 30 s later.
    const detail = await coordinator.get(`/api/sessions/${played.session.id}/attendance/${played.people[2]!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ firstJoin: '2026-07-13T23:59:00.000Z', lastLeave: '2026-07-14T01:20:00.000Z' });
    const bases = detail.body.segments.map((s: { basis: string[] }) => s.basis.join('+'));
    expect(bases).toContain('poll+webhook');
    expect(detail.body.segments.reduce((sum: number, s: { minutes: number }) => sum + s.minutes, 0)).toBeCloseTo(detail.body.minutesPresent, 0);
    // Nobody is credited before the start or after the end: person 1 joined 3 minutes early and stayed to the room's close.
    const early = await coordinator.get(`/api/sessions/${played.session.id}/attendance/${played.people[0]!.id}`);
    expect(early.body.minutesPresent).toBe(90);
    expect(early.body.share).toBe(1);
  });
});
