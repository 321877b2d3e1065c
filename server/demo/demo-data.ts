import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { Database } from '../db/schema.ts';
import { createStaffAccount } from '../domain/auth/accounts.service.ts';
import { deriveInstants, tzdbVersion } from '../time/instants.ts';
import { demoAgenda, demoParticipants } from './demo-people.ts';

export const DEMO_COORDINATOR_EMAIL = 'coordinator@demo.livecohort.test';
// Demo data only: a real deployment's first account comes from `npm run admin:create`.
export const DEMO_COORDINATOR_PASSWORD = 'demo-coordinator-2026';
const HOST_ZONE = 'Asia/Seoul';

/** Loads the demo programme into an empty database and returns what it made; never touches a non-empty one. */
export async function loadDemoDataIfEmpty(db: Kysely<Database>, options: { now: Date }) {
  const used = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('people').select('id')).as('people'),
      eb.exists(eb.selectFrom('programmes').select('id')).as('programmes'),
    ])
    .executeTakeFirstOrThrow();
  if (used.people || used.programmes) return undefined;

  // The programme starts on the Monday two weeks from now, Seoul time, and runs three weeks.
  const today = Temporal.Instant.fromEpochMilliseconds(options.now.getTime()).toZonedDateTimeISO(HOST_ZONE).toPlainDate();
  const firstDay = today.add({ days: 14 - (today.dayOfWeek - 1) });
  const lastDay = firstDay.add({ days: 18 });

  await createStaffAccount(db, { email: DEMO_COORDINATOR_EMAIL, nameLatin: 'Demo Coordinator', role: 'coordinator', password: DEMO_COORDINATOR_PASSWORD });

  return db.transaction().execute(async (trx) => {
    const programme = await trx
      .insertInto('programmes')
      .values({
        title: 'UCLG-Metropolis Member Cities Urban Management Training Program (Online)',
        theme: 'urban_management',
        partner_organisation: 'UCLG-Metropolis',
        description: 'Seoul’s urban management policies shared live with officials of Metropolis member cities: lectures, policy presentations by the cities, virtual site visits, discussions and group work.',
        modules: JSON.stringify(['Urban management', 'Mobility', 'Smart city', 'Housing and regeneration']),
        default_completion_policy: JSON.stringify({ minimumShareOfLiveMinutes: 0.8 }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cohort = await trx
      .insertInto('cohorts')
      .values({
        programme_id: programme.id,
        title: `UCLG-Metropolis Urban Management ${firstDay.year} (demo)`,
        host_time_zone: HOST_ZONE,
        first_day: firstDay.toString(),
        last_day: lastDay.toString(),
        status: 'scheduled',
        capacity: 40,
      })
      .returning(['id', 'title'])
      .executeTakeFirstOrThrow();

    const people = await trx
      .insertInto('people')
      .values(
        demoParticipants.map((p) => ({
          email: `${p.nameLatin.normalize('NFD').replace(/[^A-Za-z]+/g, '.').replace(/^\.|\.$/g, '').toLowerCase()}@${p.city.toLowerCase().replace(/[^a-z]+/g, '')}.demo.test`,
          name_latin: p.nameLatin,
          name_native: p.nameNative,
          city: p.city,
          country: p.country,
          time_zone: p.timeZone,
          locale: p.locale,
          organisation: `${p.city} city government`,
          position: 'Urban policy officer',
        })),
      )
      .returning('id')
      .execute();
    await trx
      .insertInto('enrolments')
      .values(people.map((person) => ({ cohort_id: cohort.id, person_id: person.id, role: 'participant' as const, status: 'confirmed' as const })))
      .execute();

    // Mondays, Wednesdays and Fridays at 20:00 in Seoul: afternoon in Europe and Africa, early morning in the Americas.
    const days = [0, 2, 4, 7, 9, 11, 14, 16, 18].map((offset) => firstDay.add({ days: offset }));
    const sessions = demoAgenda.slice(0, days.length - 1).concat(demoAgenda.slice(-1)).map((item, index) => {
      const localStart = `${days[index]!.toString()}T20:00`;
      const { startsAt, endsAt } = deriveInstants(localStart, HOST_ZONE, 90);
      return {
        cohort_id: cohort.id,
        kind: item.kind,
        title: item.title,
        speakers: [...item.speakers],
        local_start: localStart,
        time_zone: HOST_ZONE,
        duration_minutes: 90,
        starts_at: startsAt,
        ends_at: endsAt,
        tzdb_version: tzdbVersion(),
      };
    });
    await trx.insertInto('sessions').values(sessions).execute();
    return {
      cohortId: cohort.id,
      cohortTitle: cohort.title,
      participants: people.length,
      sessions: sessions.length,
      coordinatorEmail: DEMO_COORDINATOR_EMAIL,
      coordinatorPassword: DEMO_COORDINATOR_PASSWORD,
    };
  });
}
