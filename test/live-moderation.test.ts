import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenVerifier, TrackSource } from 'livekit-server-sdk';
import { ManualClock } from '../server/clock.ts';
import { relayChannel } from '../server/realtime/relay.ts';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, createSession, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';

// The lecture starts 2026-07-14T00:00Z (09:00 Seoul) and lasts 90 minutes; it is live now.
const clock = new ManualClock('2026-07-14T00:20:00Z');
let ctx: TestContext;
const verifier = new TokenVerifier('devkey', 'secret');
const pushes: { room: string; event: string; payload: Record<string, unknown> }[] = [];
let subscriber: import('ioredis').Redis;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  subscriber = ctx.deps.redis.duplicate();
  subscriber.on('message', (_channel: string, message: string) => pushes.push(JSON.parse(message)));
  await subscriber.subscribe(relayChannel(ctx.config.REDIS_PREFIX));
});
afterAll(async () => {
  await subscriber.quit();
  await ctx.close();
});
beforeEach(() => clock.set('2026-07-14T00:20:00Z'));

async function liveLecture() {
  const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
  const session = await createSession(ctx.deps.db, cohort.id);
  const room = `session-${session.id}`;
  await ctx.deps.liveRooms.ensureRoom(room, { emptyTimeoutSeconds: 900, maxParticipants: 300 });
  const member = async (role: 'participant' | 'lecturer' = 'participant', city = 'Maputo') => {
    const person = await createPerson(ctx.deps.db, { nameLatin: `${city} ${role}`, city, country: 'MZ', timeZone: 'Africa/Maputo', locale: 'pt' });
    await enrol(ctx.deps.db, cohort.id, person.id, role);
    return { person, browser: await signedInPerson(ctx, person.id) };
  };
  return { cohort, session, room, member, coordinator: await signedInStaff(ctx) };
}

describe('moderation', () => {
  it('removing a participant disconnects them, records who and when, tells their page, and keeps them out', async () => {
    const { session, room, member, coordinator } = await liveLecture();
    const { person, browser } = await member();
    ctx.livekit.driver.join(room, person.id);
    const removed = await coordinator.post(`/api/sessions/${session.id}/moderation/remove`, { personId: person.id, reason: 'sharing an unrelated screen' });
    expect(removed.status).toBe(200);
    expect(ctx.livekit.driver.isConnected(room, person.id)).toBe(false);
    expect(ctx.livekit.webhooks.queue.at(-1)?.event).toBe('participant_left');
    const log = await coordinator.get(`/api/sessions/${session.id}/moderation`);
    expect(log.body.items).toEqual([
      expect.objectContaining({ action: 'remove_participant', at: '2026-07-14T00:20:00.000Z', reason: 'sharing an unrelated screen', by: { personId: coordinator.personId, name: expect.any(String) }, target: { personId: person.id, name: 'Maputo participant' } }),
    ]);
    await expect.poll(() => pushes.find((p) => p.event === 'live:removed' && p.room === `person:${person.id}`)).toBeTruthy();
    const rejoin = await browser.post(`/api/sessions/${session.id}/join`);
    expect(rejoin.status).toBe(403);
    expect(rejoin.body.detail).toContain('removed you');
  });

  it('removing someone not connected to the media server still keeps them out; removing twice, a stranger or a malformed id changes nothing', async () => {
    const { session, member, coordinator } = await liveLecture();
    const { person, browser } = await member();
    const removed = await coordinator.post(`/api/sessions/${session.id}/moderation/remove`, { personId: person.id });
    expect(removed.status).toBe(200);
    expect(removed.body.disconnected).toBe(false);
    expect((await browser.post(`/api/sessions/${session.id}/join`)).status).toBe(403);
    const before = await countRows(ctx.deps.db, 'moderation_actions');
    const twice = await coordinator.post(`/api/sessions/${session.id}/moderation/remove`, { personId: person.id });
    expect(twice.status).toBe(409);
    expect(twice.body.reason).toBe('already_removed');
    const stranger = await coordinator.post(`/api/sessions/${session.id}/moderation/remove`, { personId: (await createPerson(ctx.deps.db)).id });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors).toEqual([{ field: 'personId', message: 'not enrolled in this cohort' }]);
    expect((await coordinator.post(`/api/sessions/${session.id}/moderation/remove`, { personId: 'nobody' })).status).toBe(400);
    expect(await countRows(ctx.deps.db, 'moderation_actions')).toBe(before);
    await expect.poll(() => pushes.some((p) => p.event === 'moderation:recorded' && p.room === `moderators:${session.id}`)).toBe(true);
  });

  it('the live monitor watches hidden and subscribe-only; participants cannot ask for that', async () => {
    const { session, member, coordinator } = await liveLecture();
    const monitor = await coordinator.post(`/api/sessions/${session.id}/join`, { monitor: true });
    expect(monitor.status).toBe(200);
    expect((await verifier.verify(monitor.body.token)).video).toMatchObject({ hidden: true, canPublish: false, canSubscribe: true });
    expect((await (await member()).browser.post(`/api/sessions/${session.id}/join`, { monitor: true })).status).toBe(403);
  });

  it('mutes a published track; an unknown track is a 404 and a malformed one a 400', async () => {
    const { session, room, member } = await liveLecture();
    const lecturer = await member('lecturer', 'Seoul');
    const { person } = await member();
    ctx.livekit.driver.join(room, person.id);
    const trackSid = ctx.livekit.driver.publish(room, person.id, TrackSource.MICROPHONE);
    const muted = await lecturer.browser.post(`/api/sessions/${session.id}/moderation/mute`, { personId: person.id, trackSid });
    expect(muted.status).toBe(200);
    expect(ctx.livekit.rooms.get(room)!.participants.get(person.id)!.tracks[0]!.muted).toBe(true);
    expect((await lecturer.browser.post(`/api/sessions/${session.id}/moderation/mute`, { personId: person.id, trackSid: 'TR_doesnotexist' })).status).toBe(404);
    const malformed = await lecturer.browser.post(`/api/sessions/${session.id}/moderation/mute`, { personId: person.id, trackSid: 'microphone' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('trackSid');
  });

  it('participants may not moderate (403); people outside the cohort do not see the session (404)', async () => {
    const { session, room, member } = await liveLecture();
    const { person, browser } = await member();
    const other = await member('participant', 'Cairo');
    ctx.livekit.driver.join(room, other.person.id);
    expect((await browser.post(`/api/sessions/${session.id}/moderation/remove`, { personId: other.person.id })).status).toBe(403);
    expect((await browser.post(`/api/sessions/${session.id}/moderation/end`)).status).toBe(403);
    const stranger = await signedInPerson(ctx, (await createPerson(ctx.deps.db)).id);
    expect((await stranger.post(`/api/sessions/${session.id}/moderation/end`)).status).toBe(404);
    expect(ctx.livekit.driver.isConnected(room, other.person.id)).toBe(true);
    expect(person.id).not.toBe(other.person.id);
  });

  it('ending the session closes the room for everyone, tells every page, and nobody can join again', async () => {
    const { session, room, member, coordinator } = await liveLecture();
    const { person, browser } = await member();
    ctx.livekit.driver.join(room, person.id);
    const ended = await coordinator.post(`/api/sessions/${session.id}/moderation/end`, { reason: 'Power cut at the studio' });
    expect(ended.status).toBe(200);
    expect(ctx.livekit.rooms.has(room)).toBe(false);
    expect(ctx.livekit.webhooks.queue.map((e) => e.event).slice(-2)).toEqual(['participant_left', 'room_finished']);
    expect((await ctx.deps.db.selectFrom('sessions').select('status').where('id', '=', session.id).executeTakeFirstOrThrow()).status).toBe('ended');
    await expect.poll(() => pushes.find((p) => p.event === 'session:ended' && p.room === `session:${session.id}`)?.payload).toEqual({ reason: 'Power cut at the studio' });
    const join = await browser.post(`/api/sessions/${session.id}/join`);
    expect(join.status).toBe(409);
    expect(join.body.reason).toBe('ended');
    expect((await coordinator.post(`/api/sessions/${session.id}/moderation/end`)).status).toBe(409);
  });
});

describe('city-team rooms', () => {
  it('teams last the programme; opening the rooms sends each participant to their own team, closing calls everyone back', async () => {
    const { cohort, session, member, coordinator } = await liveLecture();
    const cairo = await member('participant', 'Cairo');
    const maputo = await member('participant', 'Maputo');
    const lecturer = await member('lecturer', 'Seoul');
    const byCity = await coordinator.post(`/api/cohorts/${cohort.id}/teams/by-city`);
    expect(byCity.status).toBe(200);
    expect(byCity.body.items.map((t: { name: string; members: unknown[] }) => [t.name, t.members.length])).toEqual([
      ['Cairo', 1],
      ['Maputo', 1],
    ]);
    const [cairoTeam, maputoTeam] = byCity.body.items;
    expect((await cairo.browser.get(`/api/sessions/${session.id}/team-rooms`)).body).toMatchObject({ open: false, teams: [], myTeam: { id: cairoTeam.id, name: 'Cairo' } });
    // Before the rooms open, a team room cannot be joined.
    expect((await cairo.browser.post(`/api/sessions/${session.id}/join`, { room: 'team' })).body.reason).toBe('teams_closed');

    const opened = await lecturer.browser.post(`/api/sessions/${session.id}/team-rooms/open`);
    expect(opened.status).toBe(200);
    expect(ctx.livekit.rooms.has(`session-${session.id}-team-${cairoTeam.id}`)).toBe(true);
    expect(ctx.livekit.rooms.has(`session-${session.id}-team-${maputoTeam.id}`)).toBe(true);
    await expect.poll(() => pushes.some((p) => p.event === 'teams:opened' && p.room === `session:${session.id}`)).toBe(true);
    expect((await maputo.browser.get(`/api/sessions/${session.id}/team-rooms`)).body).toMatchObject({ open: true, teams: [{ name: 'Cairo' }, { name: 'Maputo' }], myTeam: { name: 'Maputo' } });
    const own = await cairo.browser.post(`/api/sessions/${session.id}/join`, { room: 'team' });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ roomName: `session-${session.id}-team-${cairoTeam.id}`, team: { id: cairoTeam.id, name: 'Cairo' } });
    expect((await verifier.verify(own.body.token)).video?.room).toBe(`session-${session.id}-team-${cairoTeam.id}`);
    expect((await cairo.browser.post(`/api/sessions/${session.id}/join`, { teamId: maputoTeam.id })).status).toBe(403);
    const visit = await lecturer.browser.post(`/api/sessions/${session.id}/join`, { teamId: maputoTeam.id });
    expect(visit.body.roomName).toBe(`session-${session.id}-team-${maputoTeam.id}`);
    expect((await lecturer.browser.post(`/api/sessions/${session.id}/team-rooms/open`)).status).toBe(409);

    const closed = await lecturer.browser.post(`/api/sessions/${session.id}/team-rooms/close`);
    expect(closed.status).toBe(200);
    expect(ctx.livekit.rooms.has(`session-${session.id}-team-${cairoTeam.id}`)).toBe(false);
    await expect.poll(() => pushes.some((p) => p.event === 'teams:closed' && p.room === `session:${session.id}`)).toBe(true);
    expect((await maputo.browser.post(`/api/sessions/${session.id}/join`, { room: 'team' })).status).toBe(409);
    expect((await maputo.browser.post(`/api/sessions/${session.id}/join`)).body.roomName).toBe(`session-${session.id}`);
    const log = await coordinator.get(`/api/sessions/${session.id}/moderation`);
    expect(log.body.items.map((a: { action: string }) => a.action)).toEqual(['open_team_rooms', 'close_team_rooms']);
  });

  it('team definitions refuse people outside the cohort, a person in two teams and a repeated name, naming each, and change nothing', async () => {
    const { cohort, session, member, coordinator } = await liveLecture();
    expect((await coordinator.post(`/api/sessions/${session.id}/team-rooms/open`)).body.reason).toBe('no_teams');
    const a = await member('participant', 'Tashkent');
    const b = await member('participant', 'Bandung');
    const outsider = await createPerson(ctx.deps.db);
    const first = await coordinator.post(`/api/cohorts/${cohort.id}/teams`, { name: 'Transport', personIds: [a.person.id] });
    expect(first.status).toBe(201);
    const before = await countRows(ctx.deps.db, 'team_members');
    const stranger = await coordinator.post(`/api/cohorts/${cohort.id}/teams`, { name: 'Water', personIds: [b.person.id, outsider.id] });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors).toEqual([{ field: 'personIds.1', message: 'not enrolled in this cohort' }]);
    const twice = await coordinator.post(`/api/cohorts/${cohort.id}/teams`, { name: 'Water', personIds: [a.person.id] });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain('Tashkent participant (Transport)');
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/teams`, { name: 'Transport' })).status).toBe(409);
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/teams`, { name: '', personIds: ['x'] })).body.errors.map((e: { field: string }) => e.field)).toEqual(['name', 'personIds.0']);
    expect((await a.browser.post(`/api/cohorts/${cohort.id}/teams`, { name: 'Mine' })).status).toBe(403);
    expect(await countRows(ctx.deps.db, 'team_members')).toBe(before);
    const moved = await coordinator.patch(`/api/teams/${first.body.id}`, { personIds: [a.person.id, b.person.id] });
    expect(moved.body.members).toHaveLength(2);
    expect((await coordinator.delete(`/api/teams/${first.body.id}`)).status).toBe(204);
    expect((await coordinator.get(`/api/cohorts/${cohort.id}/teams`)).body.items).toEqual([]);
  });
});
