import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { systemClock } from '../server/clock.ts';
import { createTestContext, type TestContext } from './harness/context.ts';
import { signedInStaff } from './harness/factories.ts';
import { cohortWithLectures, officials, presence, recordPresence } from './harness/completion.factories.ts';
import { spawnWorker, stopProcess } from './harness/worker-process.ts';

const PEOPLE = 300;
let ctx: TestContext;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ clock: systemClock });
});
afterAll(async () => {
  await Promise.all(children.map((child) => stopProcess(child, 'SIGKILL')));
  await ctx.close();
});

describe('certificate issuance killed halfway through a 300-person cohort', () => {
  it('issues exactly 300 after a restart: numbers unique, no PDF missing, every digest right', async () => {
    const db = ctx.deps.db;
    const { cohort, lectures } = await cohortWithLectures(db, 1);
    const people = await db
      .insertInto('people')
      .values(Array.from({ length: PEOPLE }, (_, i) => {
        const official = officials[i % officials.length]!;
        return { email: `official${i}@issuance-${cohort.id.slice(0, 8)}.test`, name_latin: `${official.nameLatin} ${i + 1}`, name_native: official.nameNative, city: official.city, country: official.country, time_zone: official.timeZone };
      }))
      .returning('id')
      .execute();
    await db.insertInto('enrolments').values(people.map((p) => ({ cohort_id: cohort.id, person_id: p.id, status: 'confirmed' as const }))).execute();
    await recordPresence(db, people.flatMap((p) => presence(lectures[0]!, p.id, 90)));

    const coordinator = await signedInStaff(ctx);
    const run = await coordinator.post(`/api/cohorts/${cohort.id}/certificates/issue`);
    expect(run.status).toBe(202);
    expect(run.body.total).toBe(PEOPLE);

    const env = { DATABASE_URL: ctx.config.DATABASE_URL, REDIS_URL: ctx.config.REDIS_URL, REDIS_PREFIX: ctx.config.REDIS_PREFIX, LIVEKIT_URL: ctx.livekit.url, JOB_LOCK_DURATION_MS: '1000' };
    const count = async () => Number((await db.selectFrom('certificates').select((eb) => eb.fn.countAll<number>().as('n')).where('cohort_id', '=', cohort.id).executeTakeFirstOrThrow()).n);
    const first = await spawnWorker(env);
    children.push(first);
    await expect.poll(count, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(PEOPLE / 3);
    await stopProcess(first, 'SIGKILL');
    const beforeRestart = await count();
    expect(beforeRestart).toBeLessThan(PEOPLE);

    children.push(await spawnWorker(env));
    await expect.poll(async () => (await coordinator.get(`/api/issuance-runs/${run.body.id}`)).body, { timeout: 90_000, interval: 250 }).toMatchObject({ status: 'done', done: PEOPLE, total: PEOPLE });
    const rows = await db
      .selectFrom('certificates')
      .select(['number', 'enrolment_id', sql<boolean>`encode(sha256(pdf), 'hex') = pdf_sha256 AND length(pdf) > 1000`.as('pdf_ok')])
      .where('cohort_id', '=', cohort.id)
      .execute();
    expect(rows).toHaveLength(PEOPLE);
    expect(new Set(rows.map((r) => r.number)).size).toBe(PEOPLE);
    expect(new Set(rows.map((r) => r.enrolment_id)).size).toBe(PEOPLE);
    expect(rows.every((r) => r.pdf_ok)).toBe(true);
    // Every certificate is announced exactly once: stored with its outbox message, in one transaction.
    const announcements = await db.selectFrom('notifications').select('details').where('cohort_id', '=', cohort.id).where('kind', '=', 'certificate_issued').execute();
    expect(announcements.map((a) => (a.details as { number: string }).number).sort()).toEqual(rows.map((r) => r.number).sort());
    console.info(`issuance crash test: ${beforeRestart} certificates before SIGKILL, ${PEOPLE - beforeRestart} after the restart`);
  }, 180_000);
});
