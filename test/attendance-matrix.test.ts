import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { ManualClock } from '../server/clock.ts';
import { enqueue } from '../server/jobs/registry.ts';
import { startWorkers } from '../worker/workers.ts';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, createSession, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';

const clock = new ManualClock('2026-07-13T23:50:00Z');
let ctx: TestContext;
let workers: ReturnType<typeof startWorkers>;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  workers = startWorkers(ctx.deps);
});
afterAll(async () => {
  await workers.close();
  await ctx.close();
});

/** Two lectures (Seoul 09:00 on 14 and 16 July, 90 minutes) and two officials, one from Maputo, one from Cairo. */
async function cohortWithAttendance() {
  const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
  const first = await createSession(ctx.deps.db, cohort.id, { title: 'Seoul bus reform' });
  const second = await createSession(ctx.deps.db, cohort.id, { title: 'Smart water', localStart: '2026-07-16T09:00' });
  const maputo = await createPerson(ctx.deps.db, { nameLatin: 'Ana Macuácua', city: 'Maputo', country: 'MZ', timeZone: 'Africa/Maputo' });
  const cairo = await createPerson(ctx.deps.db, { nameLatin: 'Omar Farouk', nameNative: 'عمر فاروق', city: 'Cairo', country: 'EG', timeZone: 'Africa/Cairo' });
  for (const p of [maputo, cairo]) await enrol(ctx.deps.db, cohort.id, p.id);
  const room = `session-${first.id}`;
  clock.set('2026-07-13T23:50:00Z');
  await ctx.deps.liveRooms.ensureRoom(room, { emptyTimeoutSeconds: 900, maxParticipants: 300 });
  await ctx.deps.db.insertInto('live_rooms').values({ session_id: first.id, room_name: room, opened_at: clock.now() }).execute();
  // Cairo joins at the start; Maputo at +30. The poll job, run by the real worker, is the only evidence.
  clock.set('2026-07-14T00:00:00Z');
  ctx.livekit.driver.join(room, cairo.id);
  clock.set('2026-07-14T00:30:00Z');
  ctx.livekit.driver.join(room, maputo.id);
  for (const at of ['2026-07-14T00:31:00Z', '2026-07-14T01:30:00Z']) {
    clock.set(at);
    const job = await enqueue(ctx.deps.queues, 'poll-live-rooms', {});
    await expect.poll(async () => (await job.getState()) === 'completed', { timeout: 10_000 }).toBe(true);
  }
  clock.set('2026-07-15T00:00:00Z');
  return { cohort, first, second, maputo, cairo };
}

describe('the attendance matrix', () => {
  it('participants × sessions so far, from the evidence of the worker’s RoomService poll', async () => {
    const { cohort, first, maputo, cairo } = await cohortWithAttendance();
    const coordinator = await signedInStaff(ctx);
    const matrix = await coordinator.get(`/api/cohorts/${cohort.id}/attendance`);
    expect(matrix.status).toBe(200);
    // Only the session that has started is in it.
    expect(matrix.body.sessions.map((s: { id: string }) => s.id)).toEqual([first.id]);
    expect(matrix.body.scheduledMinutes).toBe(90);
    const row = (id: string) => matrix.body.people.find((p: { personId: string }) => p.personId === id);
    expect(row(cairo.id).cells[0]).toMatchObject({ minutesPresent: 90, share: 1, firstJoin: '2026-07-14T00:00:00.000Z', override: null, effectiveMinutes: 90 });
    expect(row(maputo.id).cells[0]).toMatchObject({ minutesPresent: 60, share: 0.667, firstJoin: '2026-07-14T00:30:00.000Z' });
  });

  it('an override is recorded with who and why, shown beside the computed value, and in the CSV', async () => {
    const { cohort, first, maputo } = await cohortWithAttendance();
    const coordinator = await signedInStaff(ctx);
    const override = await coordinator.post(`/api/sessions/${first.id}/attendance/${maputo.id}/override`, { minutes: 90, reason: 'excused: power cut in Maputo' });
    expect(override.status).toBe(201);
    expect(override.body).toMatchObject({ minutesPresent: 60, effectiveMinutes: 90, override: { minutes: 90, reason: 'excused: power cut in Maputo', by: expect.any(String) } });
    const detail = await coordinator.get(`/api/sessions/${first.id}/attendance/${maputo.id}`);
    expect(detail.body.overrideHistory).toHaveLength(1);
    expect(detail.body.segments).toEqual([{ from: '2026-07-14T00:30:00.000Z', to: '2026-07-14T01:30:00.000Z', minutes: 60, basis: ['poll'] }]);
    const csv = await coordinator.get(`/api/cohorts/${cohort.id}/attendance?format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parse(csv.text, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['person_id', 'name', 'city', 'country', '2026-07-14T00:00Z Seoul bus reform', 'total_minutes', 'share_of_scheduled']);
    expect(rows.find((r) => r[0] === maputo.id)).toEqual([maputo.id, 'Ana Macuácua', 'Maputo', 'MZ', '90 (override; computed 60)', '90', '1']);
  });

  it('bad overrides are refused with the reason and change nothing', async () => {
    const { first, second, maputo } = await cohortWithAttendance();
    const coordinator = await signedInStaff(ctx);
    const before = await countRows(ctx.deps.db, 'attendance_overrides');
    const noReason = await coordinator.post(`/api/sessions/${first.id}/attendance/${maputo.id}/override`, { minutes: 30 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    const tooMany = await coordinator.post(`/api/sessions/${first.id}/attendance/${maputo.id}/override`, { minutes: 120, reason: 'generous' });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toEqual([{ field: 'minutes', message: 'at most 90' }]);
    clock.set('2026-07-15T00:00:00Z');
    const future = await coordinator.post(`/api/sessions/${second.id}/attendance/${maputo.id}/override`, { minutes: 10, reason: 'not yet' });
    expect(future.status).toBe(422);
    const stranger = await createPerson(ctx.deps.db);
    expect((await coordinator.post(`/api/sessions/${first.id}/attendance/${stranger.id}/override`, { minutes: 10, reason: 'who?' })).status).toBe(404);
    expect((await coordinator.post(`/api/sessions/${first.id}/attendance/not-a-uuid/override`, { minutes: 10, reason: 'who?' })).status).toBe(400);
    const participant = await signedInPerson(ctx, maputo.id);
    expect((await participant.post(`/api/sessions/${first.id}/attendance/${maputo.id}/override`, { minutes: 90, reason: 'I was there' })).status).toBe(404);
    expect(await countRows(ctx.deps.db, 'attendance_overrides')).toBe(before);
  });

  it('a participant sees their own row and detail only', async () => {
    const { cohort, first, maputo, cairo } = await cohortWithAttendance();
    const participant = await signedInPerson(ctx, maputo.id);
    const own = await participant.get(`/api/cohorts/${cohort.id}/attendance`);
    expect(own.body.people.map((p: { personId: string }) => p.personId)).toEqual([maputo.id]);
    expect((await participant.get(`/api/sessions/${first.id}/attendance/${maputo.id}`)).status).toBe(200);
    expect((await participant.get(`/api/sessions/${first.id}/attendance/${cairo.id}`)).status).toBe(404);
    const stranger = await signedInPerson(ctx, (await createPerson(ctx.deps.db)).id);
    expect((await stranger.get(`/api/cohorts/${cohort.id}/attendance`)).status).toBe(404);
    expect((await participant.get(`/api/cohorts/${cohort.id}/attendance?format=xml`)).status).toBe(400);
  });

  it('Socket.IO presence in the session counts as evidence of its own, beside LiveKit’s', async () => {
    const { cohort, first, maputo } = await cohortWithAttendance();
    // Before her media connected at +30, Ana was in the session's chat from the start.
    await ctx.deps.db
      .insertInto('presence_intervals')
      .values({ session_id: first.id, person_id: maputo.id, socket_id: 'socket-ana', started_at: new Date('2026-07-14T00:00:00Z'), ended_at: new Date('2026-07-14T00:31:00Z') })
      .execute();
    const coordinator = await signedInStaff(ctx);
    const detail = await coordinator.get(`/api/sessions/${first.id}/attendance/${maputo.id}`);
    expect(detail.body.minutesPresent).toBe(90);
    expect(detail.body.segments.map((s: { basis: string[] }) => s.basis.join('+'))).toEqual(['presence', 'poll+presence', 'poll']);
    const matrix = await coordinator.get(`/api/cohorts/${cohort.id}/attendance`);
    expect(matrix.body.people.find((p: { personId: string }) => p.personId === maputo.id).cells[0].minutesPresent).toBe(90);
  });
});
