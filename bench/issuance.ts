// Issuing 2,425 certificates for real (the officials the centre trained 2005–2021): completion from the
// attendance ledger, PDF, signed credential and one row each in PostgreSQL, beside a bare pdfkit loop.
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema.ts';
import { runIssuance } from '../server/domain/certificates/issuance.service.ts';
import { startIssuance } from '../server/domain/certificates/certificates.service.ts';
import { deriveInstants, tzdbVersion } from '../server/time/instants.ts';
import { createLogger } from '../server/logger.ts';
import { certificate, loadBareFonts, names, renderBare } from './certificates.ts';

const settings = { reconnectGraceSeconds: 60, closeGraceMinutes: 15 };
const config = {
  PUBLIC_BASE_URL: 'https://livecohort.example.org',
  CENTRE_NAME: 'Seoul Human Resources Development Center',
  CENTRE_CITY: 'Seoul',
  CERTIFICATE_SIGNER_NAME: 'Director of International Training',
  CERTIFICATE_SIGNER_TITLE: 'Seoul Human Resources Development Center',
  CERTIFICATE_SIGNING_KEY: undefined,
};

async function seed(db: Kysely<Database>, count: number) {
  const programme = await db.insertInto('programmes').values({ title: 'Smart City Governance and Digital Transformation', theme: 'smart_city', modules: '[]' }).returning('id').executeTakeFirstOrThrow();
  const cohort = await db.insertInto('cohorts').values({ programme_id: programme.id, title: 'Alumni 2005–2021', first_day: '2026-07-13', last_day: '2026-08-07' }).returning('id').executeTakeFirstOrThrow();
  const { startsAt, endsAt } = deriveInstants('2026-07-14T09:00', 'Asia/Seoul', 90);
  const session = await db
    .insertInto('sessions')
    .values({ cohort_id: cohort.id, kind: 'lecture', title: 'Closing lecture', local_start: '2026-07-14T09:00', time_zone: 'Asia/Seoul', duration_minutes: 90, starts_at: startsAt, ends_at: endsAt, tzdb_version: tzdbVersion() })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let from = 0; from < count; from += 500) {
    const batch = Array.from({ length: Math.min(500, count - from) }, (_, k) => from + k);
    const people = await db
      .insertInto('people')
      .values(batch.map((i) => ({ email: `alumnus${i}-${cohort.id.slice(0, 6)}@bench.test`, name_latin: `${names[i % names.length]!.latin} ${i}`, name_native: names[i % names.length]!.native, country: 'KR', time_zone: 'Asia/Seoul' })))
      .returning('id')
      .execute();
    await db.insertInto('enrolments').values(people.map((p) => ({ cohort_id: cohort.id, person_id: p.id, status: 'confirmed' as const }))).execute();
    await db
      .insertInto('attendance_evidence')
      .values(people.flatMap((p) => [
        { session_id: session.id, person_id: p.id, source: 'webhook' as const, kind: 'joined' as const, at: startsAt, joined_at: startsAt, participant_sid: `PA_${p.id}`, room_name: `session-${session.id}`, ref: `EV_${p.id}_j` },
        { session_id: session.id, person_id: p.id, source: 'webhook' as const, kind: 'left' as const, at: endsAt, joined_at: startsAt, participant_sid: `PA_${p.id}`, room_name: `session-${session.id}`, ref: `EV_${p.id}_l` },
      ]))
      .execute();
  }
  return cohort.id;
}

export async function benchIssuance(db: Kysely<Database>, count = 2425) {
  const cohortId = await seed(db, count);
  const coordinator = await db.insertInto('people').values({ email: `coordinator-${cohortId}@bench.test`, name_latin: 'Bench Coordinator', country: 'KR', time_zone: 'Asia/Seoul' }).returning('id').executeTakeFirstOrThrow();
  const actor = { personId: coordinator.id, staffRole: 'coordinator' as const, authSessionId: 'bench' };
  const now = new Date('2026-08-10T00:00:00Z');
  const run = await startIssuance(db, actor, cohortId, settings, now);
  // The live heap after a full collection is what would grow if something were kept per certificate.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const rss: number[] = [];
  const heap: number[] = [];
  let ticks = 0;
  const sampler = setInterval(() => {
    rss.push(process.memoryUsage().rss);
    if (++ticks % 10 === 0) {
      gc();
      heap.push(process.memoryUsage().heapUsed);
    }
  }, 100);
  const started = performance.now();
  const quiet = createLogger({ LOG_LEVEL: 'silent' }, 'bench');
  const result = await runIssuance({ renderThreads: 2, db, push: { toRoom: async () => undefined }, logger: quiet, config, settings, now: () => now }, run.id);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (!('done' in result) || result.done === undefined) throw new Error(`issuance did not run: ${JSON.stringify(result)}`);
  const issued = result.done;

  const fonts = await loadBareFonts();
  // The same people as issued: unique Latin names, the native names of the seven scripts. Measured
  // twice (the machine's speed drifts during a run) and compared with the mean.
  const bareRate = async () => {
    const bareStarted = performance.now();
    for (let i = 0; i < count; i++) await renderBare(fonts, { ...certificate(i), nameLatin: `${names[i % names.length]!.latin} ${i}` }, names[i % names.length]!.file);
    return count / ((performance.now() - bareStarted) / 1000);
  };
  const bareRates = [await bareRate(), await bareRate()];
  const bareMean = (bareRates[0]! + bareRates[1]!) / 2;
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  const at = (values: number[], share: number) => Math.max(...values.slice(0, Math.max(1, Math.floor(values.length * share))));
  console.log(`\nCertificate issuance, ${count.toLocaleString('en')} people (completion from the ledger, PDF with subset Unicode fonts, Ed25519 credential, one row each)`);
  console.log(`  measured  runIssuance (the worker job)          ${Math.round(issued / seconds).toLocaleString('en')} certificates/s (${seconds.toFixed(1)} s, ${issued} issued, ${result.failed} failed)`);
  console.log(`  baseline  bare pdfkit loop, fonts parsed once  ${Math.round(bareMean).toLocaleString('en')} certificates/s (two runs: ${bareRates.map((r) => Math.round(r)).join(', ')})`);
  console.log(`  ratio     ${(issued / seconds / bareMean).toFixed(2)}x (target >= 0.8x)`);
  const after = (share: number) => heap[Math.min(heap.length - 1, Math.max(0, Math.floor(heap.length * share) - 1))] ?? 0;
  console.log(`  memory    peak RSS ${mb(at(rss, 0.25))} at 1/4, ${mb(at(rss, 0.5))} at 1/2, ${mb(at(rss, 1))} at the end; live heap after GC ${mb(after(0.25))}, ${mb(after(0.5))}, ${mb(after(1))}`);
}
