import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createTestContext, type TestContext } from './harness/context.ts';
import { startSmtpSink } from './harness/smtp-sink.ts';
import { createCohort, createProgramme, createSession, signedInStaff } from './harness/factories.ts';
import { spawnWorker, stopProcess } from './harness/worker-process.ts';
import { loadCities } from './harness/cities.ts';

const PEOPLE = 500;
let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  smtp = await startSmtpSink();
  ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await Promise.all(children.map((child) => stopProcess(child, 'SIGKILL')));
  await ctx.close();
  await smtp.close();
});

describe('a worker killed in the middle of sending invitations', () => {
  it('loses none and sends each person exactly one invitation after a restart', async () => {
    const db = ctx.deps.db;
    const programme = await createProgramme(db, 'UCLG-Metropolis Urban Management (Online)');
    const cohort = await createCohort(db, programme.id, { firstDay: '2026-09-07', lastDay: '2026-09-25' });
    await createSession(db, cohort.id, { localStart: '2026-09-08T20:00' });
    const cities = loadCities();
    const people = await db
      .insertInto('people')
      .values(Array.from({ length: PEOPLE }, (_, i) => {
        const city = cities[i % cities.length]!;
        return { email: `official${i}@crash-${cohort.id.slice(0, 8)}.test`, name_latin: `Official ${i}`, city: city.city, country: city.country, time_zone: city.zone };
      }))
      .returning('id')
      .execute();
    await db.insertInto('enrolments').values(people.map((p) => ({ cohort_id: cohort.id, person_id: p.id, status: 'confirmed' as const }))).execute();

    const coordinator = await signedInStaff(ctx);
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/invitations`)).body.queued).toBe(PEOPLE);

    const env = {
      DATABASE_URL: ctx.config.DATABASE_URL,
      REDIS_URL: ctx.config.REDIS_URL,
      REDIS_PREFIX: ctx.config.REDIS_PREFIX,
      SMTP_URL: smtp.url,
      WORKER_CONCURRENCY: '10',
      // A killed worker's jobs are taken over after this long instead of BullMQ's 30 s default.
      JOB_LOCK_DURATION_MS: '1000',
    };
    const first = await spawnWorker(env);
    children.push(first);
    await smtp.waitFor(100, 60_000);
    await stopProcess(first, 'SIGKILL');
    const arrivedBeforeKill = smtp.received.length;
    expect(arrivedBeforeKill).toBeLessThan(PEOPLE);

    children.push(await spawnWorker(env));
    await expect
      .poll(() => db.selectFrom('notifications').select('id').where('cohort_id', '=', cohort.id).where('state', '=', 'sent').execute().then((r) => r.length), { timeout: 90_000, interval: 250 })
      .toBe(PEOPLE);

    const byRecipient = new Map<string, Set<string>>();
    for (const mail of smtp.received) {
      for (const to of mail.to) byRecipient.set(to, (byRecipient.get(to) ?? new Set()).add(mail.messageId));
    }
    const emails = await db.selectFrom('people').select('email').where('email', 'like', `%@crash-${cohort.id.slice(0, 8)}.test`).execute();
    expect(emails).toHaveLength(PEOPLE);
    // Every person has exactly one invitation (one logical message, one Message-ID).
    expect(emails.filter(({ email }) => byRecipient.get(email)?.size === 1)).toHaveLength(PEOPLE);
    // A copy can only repeat a message that was between the relay's acceptance and our commit at the kill.
    const copies = smtp.received.length - PEOPLE;
    expect(copies).toBeGreaterThanOrEqual(0);
    expect(copies).toBeLessThanOrEqual(10);
    const attempts = await db.selectFrom('notifications').select('attempts').where('cohort_id', '=', cohort.id).where('attempts', '>', 1).execute();
    console.info(`crash test: ${arrivedBeforeKill} arrived before SIGKILL, ${attempts.length} messages taken over, ${copies} relay-level copies`);
  }, 120_000);
});
