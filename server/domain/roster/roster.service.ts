import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { conflict, notFound } from '../../errors.ts';
import { assertStaff, type Actor } from '../access/actor.ts';
import { parseRoster } from './roster.parser.ts';

export interface RosterResult {
  rows: number;
  peopleCreated: number;
  peopleUpdated: number;
  enrolmentsCreated: number;
  enrolmentsUpdated: number;
  canonicalisedZones: { row: number; from: string; to: string }[];
}

// 10 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535-parameter limit.
const CHUNK = 1000;

/** All or nothing: every row is checked before anything is written, and the writes share one transaction. */
export async function importRoster(db: Kysely<Database>, actor: Actor, cohortId: string, csv: string, now: Date): Promise<RosterResult> {
  assertStaff(actor);
  const rows = parseRoster(csv);
  return db.transaction().execute(async (trx) => {
    const cohort = await trx.selectFrom('cohorts').select(['id', 'status']).where('id', '=', cohortId).forUpdate().executeTakeFirst();
    if (!cohort) throw notFound('Cohort');
    if (cohort.status === 'archived' || cohort.status === 'completed') throw conflict(`The cohort is ${cohort.status}; its roster can no longer change`);
    const result: RosterResult = { rows: rows.length, peopleCreated: 0, peopleUpdated: 0, enrolmentsCreated: 0, enrolmentsUpdated: 0, canonicalisedZones: [] };
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      // xmax = 0 only on a freshly inserted row: it tells created from updated in one statement.
      const people = await trx
        .insertInto('people')
        .values(chunk.map((r) => ({ email: r.email, name_latin: r.nameLatin, name_native: r.nameNative, city: r.city, country: r.country, time_zone: r.timeZone, locale: r.locale, organisation: r.organisation, position: r.position })))
        .onConflict((oc) =>
          oc.column('email').doUpdateSet((eb) => ({
            name_latin: eb.ref('excluded.name_latin'),
            name_native: eb.ref('excluded.name_native'),
            city: eb.ref('excluded.city'),
            country: eb.ref('excluded.country'),
            time_zone: eb.ref('excluded.time_zone'),
            locale: eb.ref('excluded.locale'),
            organisation: eb.ref('excluded.organisation'),
            position: eb.ref('excluded.position'),
            updated_at: now,
          })),
        )
        .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
        .execute();
      result.peopleCreated += people.filter((p) => p.inserted).length;
      result.peopleUpdated += people.filter((p) => !p.inserted).length;
      const enrolments = await trx
        .insertInto('enrolments')
        .values(people.map((person, index) => ({ cohort_id: cohortId, person_id: person.id, role: chunk[index]!.role })))
        .onConflict((oc) => oc.columns(['cohort_id', 'person_id']).doUpdateSet((eb) => ({ role: eb.ref('excluded.role'), updated_at: now })))
        .returning(sql<boolean>`xmax = 0`.as('inserted'))
        .execute();
      result.enrolmentsCreated += enrolments.filter((e) => e.inserted).length;
      result.enrolmentsUpdated += enrolments.filter((e) => !e.inserted).length;
    }
    result.canonicalisedZones = rows.filter((r) => r.canonicalisedFrom).map((r) => ({ row: r.row, from: r.canonicalisedFrom!, to: r.timeZone }));
    return result;
  });
}
