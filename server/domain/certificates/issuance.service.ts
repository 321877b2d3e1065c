import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../logger.ts';
import type { RealtimePush } from '../../realtime/relay.ts';
import { AppError } from '../../errors.ts';
import type { AttendanceSettings } from '../attendance/attendance.service.ts';
import { cohortCompletion } from '../completion/completion.service.ts';
import { roomNames } from '../discussion/room-access.ts';
import { buildForRun, prepareIssue, storeCertificates } from './certificates.service.ts';
import type { CertificateConfig } from './publication.ts';
import { createRenderPool } from '../../certificates/render-pool.ts';
import type { Queues } from '../../jobs/registry.ts';
import { queueAnnouncements } from './announce.ts';
import { enqueueDeliveries } from '../../jobs/delivery.jobs.ts';

/** The centre itself, for work no person asked for at that moment (a job's evaluation). */
export const systemActor = { personId: '00000000-0000-0000-0000-000000000000', staffRole: 'admin' as const, authSessionId: 'system' };

export interface IssuanceDeps {
  /** To announce each new certificate by e-mail; without it (a benchmark) nothing is announced. */
  announce?: { queues: Queues; domain: string };
  /** Threads drawing PDFs (0: the job's own thread). */
  renderThreads: number;
  db: Kysely<Database>;
  push: RealtimePush;
  logger: Logger;
  config: CertificateConfig;
  settings: AttendanceSettings;
  now: () => Date;
}

/**
 * Issues every completed participant's certificate for one run. Resumable: after a crash the job runs
 * again, finds the certificates already stored and issues only the rest (no duplicate, no gap). The
 * coordinator sees `done` of `total` move, live on the staff channel.
 */
export async function runIssuance(deps: IssuanceDeps, runId: string) {
  const run = await deps.db.selectFrom('issuance_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) return { skipped: 'unknown run' };
  if (run.status !== 'running') return { skipped: `the run is ${run.status}` };
  const completions = (await cohortCompletion(deps.db, systemActor, run.cohort_id, deps.settings, deps.now())).filter((c) => c.status === 'completed');
  let done = completions.filter((c) => c.certificate).length;
  const failures: { personId: string; reason: string }[] = [];
  const report = async (status: 'running' | 'done') => {
    await deps.db
      .updateTable('issuance_runs')
      .set({ done, total: completions.length, failures: JSON.stringify(failures), status, ...(status === 'done' && { finished_at: deps.now() }) })
      .where('id', '=', runId)
      .execute();
    await deps.push.toRoom(roomNames.staff(), 'certificates:progress', { runId, cohortId: run.cohort_id, done, total: completions.length, failed: failures.length, status });
  };
  await report('running');
  const pending = completions.filter((c) => !c.certificate);
  const prepared = await prepareIssue(deps.db, run.cohort_id, pending.map((c) => c.personId));
  // Ten at a time in one INSERT (one commit, one WAL flush), on more lanes than render threads: PDFs are
  // drawn on every core while other lanes' rows travel to PostgreSQL. A crash loses at most the rows not
  // yet stored; the rerun issues them.
  const pool = createRenderPool(pending.length > 20 ? deps.renderThreads : 0);
  const context = { db: deps.db, config: deps.config, now: deps.now(), render: pool.render };
  let next = 0;
  const lane = async () => {
    while (next < pending.length) {
      const chunk = pending.slice(next, next + 10);
      next += chunk.length;
      const rows: Awaited<ReturnType<typeof buildForRun>>[] = [];
      for (const completion of chunk) {
        try {
          rows.push(await buildForRun(context, completion, prepared));
        } catch (error) {
          // A name no font can print is this person's problem, not the run's: it is listed, the rest go on.
          if (!(error instanceof AppError)) throw error;
          failures.push({ personId: completion.personId, reason: error.message });
          deps.logger.warn({ personId: completion.personId, err: error }, 'certificate not issued');
        }
      }
      // The certificates and their announcements commit together: a crash loses neither one without the other.
      const announce = deps.announce;
      const pendingMails = await deps.db.transaction().execute(async (trx) => {
        const stored = await storeCertificates(trx, rows);
        if (!announce) return [];
        const fresh = rows.filter((row) => stored.has(row.enrolment_id)).map((row) => ({ number: row.number, person_id: row.person_id, cohort_id: row.cohort_id }));
        return queueAnnouncements(trx, fresh, { now: deps.now(), domain: announce.domain });
      });
      if (announce) await enqueueDeliveries(announce.queues, pendingMails);
      // Stored now or by a process before us: either way the person has their certificate.
      done += rows.length;
      await report('running');
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(2, deps.renderThreads * 2) }, lane));
  } finally {
    await pool.close();
  }
  await report('done');
  return { done, total: completions.length, failed: failures.length };
}
