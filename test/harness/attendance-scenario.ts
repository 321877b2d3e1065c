import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import type { ManualClock } from '../../server/clock.ts';
import { pollLiveRooms } from '../../server/domain/attendance/evidence.service.ts';
import { liveRoomName } from '../../server/livekit/tokens.ts';
import type { WebhookFaults } from './livekit-double.ts';
import type { TestContext } from './context.ts';
import { createCohort, createPerson, createProgramme, createSession, enrol } from './factories.ts';
import { loadCities } from './cities.ts';

const MINUTE = 60_000;

/** The app listening on a real port, so the double's webhooks arrive over HTTP like LiveKit's. */
export async function listen(ctx: TestContext): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<HttpServer>((resolve) => {
    const started = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as HttpServer));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Step =
  | { at: number; person: number; do: 'join' | 'leave' | 'second-device' }
  | { at: number; person: number; do: 'drop'; webhook: 'left' | 'aborted' | 'none' };

/**
 * A 90-minute lecture and eight officials of real past cohorts, each with a different way of attending:
 * early and the whole time, a part, a dropped connection without a leave, a second device, an aborted
 * connection, late and still there when the room closes, never, and twice with a gap.
 */
export const lectureScript: Step[] = [
  { at: -3, person: 0, do: 'join' },
  { at: 10, person: 1, do: 'join' },
  { at: 50, person: 1, do: 'leave' },
  { at: -1, person: 2, do: 'join' },
  { at: 30, person: 2, do: 'drop', webhook: 'none' },
  { at: 30.5, person: 2, do: 'join' },
  { at: 80, person: 2, do: 'leave' },
  { at: 5, person: 3, do: 'join' },
  { at: 20, person: 3, do: 'second-device' },
  { at: 70, person: 3, do: 'leave' },
  { at: 0, person: 4, do: 'join' },
  { at: 40, person: 4, do: 'drop', webhook: 'aborted' },
  { at: 45, person: 4, do: 'join' },
  { at: 60, person: 5, do: 'join' },
  { at: 2, person: 7, do: 'join' },
  { at: 15, person: 7, do: 'leave' },
  { at: 25, person: 7, do: 'join' },
  { at: 88, person: 7, do: 'leave' },
];

export interface ScenarioOptions {
  faults?: WebhookFaults;
  /** Minutes (from the start) during which the webhook endpoint cannot be reached. */
  endpointDown?: [number, number];
  /** How often queued webhooks go out, in minutes of scenario time (larger batches reorder more). */
  flushEveryMinutes?: number;
  pollEverySeconds?: number;
  script?: Step[];
  people?: number;
}

/**
 * Plays a script against the LiveKit double with time moved by the test clock: webhooks go to the
 * app's real endpoint, RoomService is polled every minute through the app's own poller, and the room
 * closes 15 minutes after the end (room_finished with people still in). Returns the session and the
 * ground truth the double recorded.
 */
export async function playLecture(ctx: TestContext, clock: ManualClock, webhookUrl: string, options: ScenarioOptions = {}) {
  const cities = loadCities();
  const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
  const session = await createSession(ctx.deps.db, cohort.id, { localStart: '2026-07-14T09:00', timeZone: 'Asia/Seoul', durationMinutes: 90 });
  const start = session.starts_at.getTime();
  const people = [];
  for (let i = 0; i < (options.people ?? 8); i++) {
    const city = cities[i % cities.length]!;
    const person = await createPerson(ctx.deps.db, { nameLatin: `${city.city} official ${i + 1}`, city: city.city, country: city.country, timeZone: city.zone });
    await enrol(ctx.deps.db, cohort.id, person.id);
    people.push(person);
  }
  const room = liveRoomName(session.id);
  const livekit = ctx.livekit;
  livekit.webhooks.faults = options.faults ?? {};
  livekit.webhooks.url = webhookUrl;

  clock.set(new Date(start - 15 * MINUTE));
  await ctx.deps.liveRooms.ensureRoom(room, { emptyTimeoutSeconds: 900, maxParticipants: 300 });
  await ctx.deps.db.insertInto('live_rooms').values({ session_id: session.id, room_name: room, opened_at: clock.now() }).execute();

  const script = [...(options.script ?? lectureScript)].sort((a, b) => a.at - b.at);
  const stepMs = 5_000;
  const pollMs = (options.pollEverySeconds ?? 60) * 1000;
  const flushMs = (options.flushEveryMinutes ?? 0) * MINUTE;
  const closeAt = start + 105 * MINUTE;
  let nextPoll = clock.now().getTime() + pollMs;
  let nextFlush = clock.now().getTime() + flushMs;
  let next = 0;
  for (let t = clock.now().getTime(); t <= closeAt; t += stepMs) {
    clock.set(new Date(t));
    const minute = (t - start) / MINUTE;
    livekit.webhooks.down = options.endpointDown !== undefined && minute >= options.endpointDown[0] && minute < options.endpointDown[1];
    while (next < script.length && start + script[next]!.at * MINUTE <= t) {
      const step = script[next++]!;
      const identity = people[step.person]!.id;
      if (step.do === 'join' || step.do === 'second-device') livekit.driver.join(room, identity, people[step.person]!.name_latin);
      else if (step.do === 'leave') livekit.driver.leave(room, identity);
      else if (step.do === 'drop') livekit.driver.drop(room, identity, step.webhook);
    }
    if (t >= nextFlush) {
      await livekit.flush();
      nextFlush = t + flushMs;
    }
    if (t >= nextPoll) {
      await pollLiveRooms(ctx.deps, clock.now());
      nextPoll = t + pollMs;
    }
  }
  // The room closes with people still in it: participant_left for each, then room_finished.
  livekit.webhooks.down = false;
  await ctx.deps.liveRooms.deleteRoom(room);
  await ctx.deps.db.updateTable('live_rooms').set({ closed_at: clock.now() }).where('session_id', '=', session.id).execute();
  await livekit.flush();
  await untilEvidenceProcessed(ctx);
  const end = session.ends_at.getTime();
  const truth = new Map(people.map((p) => [p.id, livekit.driver.truthFor(p.id, start, end, room)]));
  return { cohort, session, people, truth };
}

/** Waits until the worker has turned every stored webhook into evidence. */
export async function untilEvidenceProcessed(ctx: TestContext) {
  for (let i = 0; i < 400; i++) {
    const pending = await ctx.deps.db.selectFrom('livekit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('processed_at', 'is', null).executeTakeFirstOrThrow();
    if (Number(pending.n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('webhooks were stored but not processed within 10 s');
}
