import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Database } from '../../db/schema.ts';
import { consumeOrRefuse } from '../../errors.ts';
import { enqueueDeliveries } from '../../jobs/delivery.jobs.ts';
import type { Queues } from '../../jobs/registry.ts';
import { notificationKeys, queueMessage } from '../notifications/outbox.service.ts';

/**
 * "Send me a new link": an official whose invitation link expired asks with their e-mail address. The
 * answer is the same whether or not the address is known (nobody can probe who takes part); a known
 * address taking part in a cohort gets a fresh link by e-mail, at most a few per hour.
 */
export function createLinkRequests(deps: { db: Kysely<Database>; redis: Redis; queues: Queues; prefix: string }) {
  const perAddress = new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: `${deps.prefix}:link-request:ip`, points: 20, duration: 3600 });
  const perEmail = new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: `${deps.prefix}:link-request:email`, points: 3, duration: 3600 });
  return async (email: string, address: string, context: { now: Date; domain: string }): Promise<void> => {
    await consumeOrRefuse(perAddress, address, (seconds) => `Too many requests from this address; try again in ${Math.ceil(seconds / 60)} minutes`);
    const person = await deps.db
      .selectFrom('people')
      .innerJoin('enrolments', 'enrolments.person_id', 'people.id')
      .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
      .select(['people.id', 'enrolments.cohort_id'])
      .where((eb) => eb(eb.fn('lower', ['people.email']), '=', email.trim().toLowerCase()))
      .where('enrolments.status', 'in', ['invited', 'confirmed'])
      .where('cohorts.status', 'not in', ['archived'])
      .orderBy('cohorts.last_day', 'desc')
      .executeTakeFirst();
    if (!person) return;
    const allowed = await perEmail.consume(email.trim().toLowerCase()).then(() => true, () => false);
    if (!allowed) return;
    const queued = await queueMessage(deps.db, { kind: 'sign_in_link', key: notificationKeys.signInLink(person.id, randomUUID()), personId: person.id, cohortId: person.cohort_id }, context);
    await enqueueDeliveries(deps.queues, queued.pendingIds);
  };
}
