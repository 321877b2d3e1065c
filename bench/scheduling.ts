// Scheduling and reminder benchmarks of the invitations issue; run through bench/run.ts.
import { Queue, QueueEvents, Worker } from 'bullmq';
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema.ts';
import type { Deps } from '../server/deps.ts';
import { queueInvitations } from '../server/domain/notifications/outbox.service.ts';
import { enqueueDeliveries, scheduleReminders } from '../server/jobs/delivery.jobs.ts';
import { deriveInstants, tzdbVersion } from '../server/time/instants.ts';
import { startWorkers } from '../worker/workers.ts';
import { loadCities } from '../test/harness/cities.ts';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** A cohort of `people` officials of the cohort cities with `sessions` Seoul-evening sessions. */
export async function seedCohort(db: Kysely<Database>, people: number, sessions: number, startInMs: number) {
  const programme = await db.insertInto('programmes').values({ title: 'Scheduling bench', theme: 'other', modules: '[]' }).returning('id').executeTakeFirstOrThrow();
  const cohort = await db.insertInto('cohorts').values({ programme_id: programme.id, title: `Bench ${Date.now()}`, first_day: '2020-01-01', last_day: '2030-12-31', status: 'scheduled' }).returning('id').executeTakeFirstOrThrow();
  const cities = loadCities();
  const tag = cohort.id.slice(0, 8);
  for (let i = 0; i < people; i += 2000) {
    const rows = await db
      .insertInto('people')
      .values(Array.from({ length: Math.min(2000, people - i) }, (_, j) => {
        const city = cities[(i + j) % cities.length]!;
        return { email: `p${i + j}.${tag}@bench.test`, name_latin: `Official ${i + j}`, city: city.city, country: city.country, time_zone: city.zone };
      }))
      .returning('id')
      .execute();
    await db.insertInto('enrolments').values(rows.map((p) => ({ cohort_id: cohort.id, person_id: p.id, status: 'confirmed' as const }))).execute();
  }
  const first = Math.ceil((Date.now() + startInMs) / 1000) * 1000;
  const sessionRows = Array.from({ length: sessions }, (_, i) => {
    const startsAt = new Date(first + i * 2 * 86_400_000);
    const local = startsAt.toISOString().slice(0, 19);
    const derived = deriveInstants(local, 'UTC', 90);
    return { cohort_id: cohort.id, kind: 'lecture' as const, title: `Session ${i + 1}`, local_start: local, time_zone: 'UTC', duration_minutes: 90, starts_at: derived.startsAt, ends_at: derived.endsAt, tzdb_version: tzdbVersion() };
  });
  const stored = await db.insertInto('sessions').values(sessionRows).returningAll().execute();
  return { cohortId: cohort.id, sessions: stored };
}

export async function benchSchedulingThroughput(deps: Deps, coordinatorPersonId: string) {
  const PEOPLE = 10_000;
  const SESSIONS = 12;
  const { cohortId, sessions } = await seedCohort(deps.db, PEOPLE, SESSIONS, 7 * 86_400_000);
  const actor = { personId: coordinatorPersonId, staffRole: 'coordinator' as const, authSessionId: 'bench' };

  const started = performance.now();
  const queued = await deps.db.transaction().execute((trx) => queueInvitations(trx, actor, cohortId, { now: new Date(), domain: 'bench.test' }));
  await enqueueDeliveries(deps.queues, queued.pendingIds);
  await scheduleReminders(deps.queues, sessions.map((s) => ({ id: s.id, startsAt: s.starts_at, sequence: s.sequence, status: s.status })), [1440, 15], new Date());
  const seconds = (performance.now() - started) / 1000;
  const items = queued.pendingIds.length + SESSIONS * 2;

  const raw = new Queue('bench-raw', { connection: deps.redis, prefix: 'lcbench-raw' });
  await raw.obliterate({ force: true });
  const rawStarted = performance.now();
  for (let i = 0; i < items; i += 1000) {
    await raw.addBulk(Array.from({ length: Math.min(1000, items - i) }, (_, j) => ({ name: 'noop', data: { id: `${i + j}` }, opts: { jobId: `raw_${i + j}` } })));
  }
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  await raw.obliterate({ force: true });
  await raw.close();
  await deps.queues.notifications.obliterate({ force: true });
  await deps.queues.schedule.obliterate({ force: true });

  const rate = items / seconds;
  const rawRate = items / rawSeconds;
  console.log(`\nScheduling invitations and reminders: ${PEOPLE.toLocaleString('en')} participants x ${SESSIONS} sessions`);
  console.log(`  measured  outbox rows + delivery jobs + reminder jobs  ${Math.round(rate).toLocaleString('en')} items/s (${items.toLocaleString('en')} in ${seconds.toFixed(2)} s)`);
  console.log(`  baseline  raw BullMQ addBulk of as many jobs           ${Math.round(rawRate).toLocaleString('en')} jobs/s (${rawSeconds.toFixed(2)} s)`);
  console.log(`  ratio     ${(rate / rawRate).toFixed(2)}x (target >= 0.8x)`);
}

export async function benchReminderLateness(deps: Deps, sink: { received: { messageId: string }[] }) {
  const RECIPIENTS = 5_000;
  const LEAD_MS = 3_000;
  const offset = 15;
  // The session starts 15 minutes + LEAD_MS from now, so its 15-minute reminder is due in LEAD_MS.
  const { sessions } = await seedCohort(deps.db, RECIPIENTS, 1, offset * 60_000 + LEAD_MS + 5_000);
  const session = sessions[0]!;
  const dueAt = session.starts_at.getTime() - offset * 60_000;
  const running = startWorkers(deps, { concurrency: 50 });
  const before = sink.received.length;
  await scheduleReminders(deps.queues, [{ id: session.id, startsAt: session.starts_at, sequence: session.sequence, status: session.status }], [offset], new Date());
  const deadline = Date.now() + 120_000;
  while (sink.received.length - before < RECIPIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await running.close();
  const rows = await deps.db.selectFrom('notifications').select(['sent_at', 'state']).where('session_id', '=', session.id).execute();
  const lateness = rows.filter((r) => r.sent_at).map((r) => r.sent_at!.getTime() - dueAt);
  const early = lateness.filter((ms) => ms < 0).length;
  const arrived = sink.received.slice(before);
  const delivered = arrived.length;
  const duplicates = delivered - new Set(arrived.map((m) => m.messageId)).size;

  // Baseline: as many raw delayed no-op jobs due at one instant, on the same Redis.
  const raw = new Queue('bench-delayed', { connection: deps.redis, prefix: 'lcbench-raw' });
  await raw.obliterate({ force: true });
  const rawDue = Date.now() + LEAD_MS;
  const processed: number[] = [];
  const worker = new Worker('bench-delayed', async () => { processed.push(Date.now() - rawDue); }, { connection: deps.redis.duplicate({ maxRetriesPerRequest: null }), prefix: 'lcbench-raw', concurrency: 50 });
  const events = new QueueEvents('bench-delayed', { connection: deps.redis.duplicate({ maxRetriesPerRequest: null }), prefix: 'lcbench-raw' });
  for (let i = 0; i < RECIPIENTS; i += 1000) {
    await raw.addBulk(Array.from({ length: 1000 }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts: { delay: rawDue - Date.now(), jobId: `delayed_${i + j}` } })));
  }
  const rawDeadline = Date.now() + 120_000;
  while (processed.length < RECIPIENTS && Date.now() < rawDeadline) await new Promise((r) => setTimeout(r, 100));
  await worker.close();
  await events.close();
  await raw.obliterate({ force: true });
  await raw.close();

  console.log(`\n${RECIPIENTS.toLocaleString('en')} reminders due at the same instant (fan-out job, outbox rows, SMTP to an in-process server)`);
  console.log(`  measured  p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms late; ${delivered} delivered, ${early} early, ${duplicates} duplicates`);
  console.log(`  baseline  raw BullMQ delayed no-op jobs: p50 ${percentile(processed, 50)} ms, p99 ${percentile(processed, 99)} ms late`);
  console.log(`  ratio     p99 ${(percentile(lateness, 99) / Math.max(1, percentile(processed, 99))).toFixed(1)}x the baseline (target <= 2x and < 60 s)`);
}
