import type { Kysely } from 'kysely';
import type { Database, EnrolmentRole } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { isStaff, type Actor } from './actor.ts';

export interface CohortAccess {
  cohortId: string;
  /** 'staff' for the centre's coordinators, else the actor's role in this cohort. */
  as: 'staff' | EnrolmentRole;
}

/**
 * What the actor may see of a cohort: staff everything, others only a cohort they are enrolled in
 * and have not withdrawn from. Unknown and invisible cohorts both answer not_found.
 */
export async function getCohortAccess(db: Kysely<Database>, actor: Actor, cohortId: string): Promise<CohortAccess> {
  if (isStaff(actor)) {
    const exists = await db.selectFrom('cohorts').select('id').where('id', '=', cohortId).executeTakeFirst();
    if (!exists) throw notFound('Cohort');
    return { cohortId, as: 'staff' };
  }
  const enrolment = await db
    .selectFrom('enrolments')
    .select('role')
    .where('cohort_id', '=', cohortId)
    .where('person_id', '=', actor.personId)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirst();
  if (!enrolment) throw notFound('Cohort');
  return { cohortId, as: enrolment.role };
}
