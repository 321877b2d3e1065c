import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { enqueueDeliveries } from '../../jobs/delivery.jobs.ts';
import type { Queues } from '../../jobs/registry.ts';
import { notificationKeys, queueMessage } from '../notifications/outbox.service.ts';

/**
 * Each new certificate's holder gets one e-mail: the download link and the public verification page.
 * Written to the outbox (pass the transaction that stores the certificates, so neither exists without
 * the other); answers the messages whose delivery jobs the caller enqueues after the commit.
 */
export async function queueAnnouncements(
  db: Kysely<Database>,
  certificates: { number: string; person_id: string; cohort_id: string }[],
  context: { now: Date; domain: string },
): Promise<string[]> {
  const pending: string[] = [];
  for (const certificate of certificates) {
    const queued = await queueMessage(
      db,
      { kind: 'certificate_issued', key: notificationKeys.certificateIssued(certificate.number), personId: certificate.person_id, cohortId: certificate.cohort_id, details: { number: certificate.number } },
      context,
    );
    pending.push(...queued.pendingIds);
  }
  return pending;
}

/** The same, for certificates already stored (one issued on request, a correction). */
export async function announceCertificates(deps: { db: Kysely<Database>; queues: Queues }, certificates: { number: string; person_id: string; cohort_id: string }[], context: { now: Date; domain: string }) {
  await enqueueDeliveries(deps.queues, await queueAnnouncements(deps.db, certificates, context));
}
