import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound, ruleViolated } from '../../errors.ts';
import { assertStaff, isStaff, type Actor } from '../access/actor.ts';
import { getCohortAccess } from '../access/cohort-access.ts';
import * as repo from './enrolments.repository.ts';
import type { CreateEnrolmentInput, EnrolmentView, UpdateEnrolmentInput } from './enrolments.schemas.ts';

export function toEnrolmentView(row: repo.EnrolmentWithPerson): EnrolmentView {
  return {
    id: row.id,
    cohortId: row.cohort_id,
    role: row.role,
    status: row.status,
    preferredStart: row.preferred_start.slice(0, 5),
    preferredEnd: row.preferred_end.slice(0, 5),
    weekendDays: row.weekend_days,
    interpretationLanguage: row.interpretation_language,
    person: { id: row.person_id, nameLatin: row.name_latin, nameNative: row.name_native, email: row.email, city: row.city, country: row.country, timeZone: row.time_zone },
  };
}

function assertHoursOrdered(start: string, end: string): void {
  if (end <= start) throw ruleViolated(`Preferred hours end (${end}) before they start (${start})`, [{ field: 'preferredEnd', message: `not after preferredStart ${start}` }]);
}

/** Staff, and the lecturers of the cohort, see its roster. */
export async function listEnrolments(db: Kysely<Database>, actor: Actor, cohortId: string, filter: { role?: string | undefined; status?: string | undefined }, page: { limit: number; offset: number }) {
  const access = await getCohortAccess(db, actor, cohortId);
  if (access.as !== 'staff' && access.as !== 'lecturer') throw new AppError('forbidden', 'Only coordinators and the cohort’s lecturers see its roster');
  const { items, total } = await repo.listEnrolments(db, cohortId, filter, page);
  return { items: items.map(toEnrolmentView), total, ...page };
}

export async function enrolPerson(db: Kysely<Database>, actor: Actor, cohortId: string, input: CreateEnrolmentInput): Promise<EnrolmentView> {
  assertStaff(actor);
  await getCohortAccess(db, actor, cohortId);
  assertHoursOrdered(input.preferredStart, input.preferredEnd);
  const person = await db.selectFrom('people').select('id').where('id', '=', input.personId).executeTakeFirst();
  if (!person) throw ruleViolated('No such person', [{ field: 'personId', message: 'no person has this id' }]);
  if (await repo.findEnrolmentOf(db, cohortId, input.personId)) throw new AppError('conflict', 'This person is already enrolled in the cohort', { fields: [{ field: 'personId', message: 'already enrolled' }] });
  const { id } = await repo.insertEnrolment(db, {
    cohort_id: cohortId,
    person_id: input.personId,
    role: input.role,
    status: input.status,
    preferred_start: input.preferredStart,
    preferred_end: input.preferredEnd,
    weekend_days: input.weekendDays ?? null,
    interpretation_language: input.interpretationLanguage ?? null,
  });
  return toEnrolmentView((await repo.findEnrolment(db, id))!);
}

/** Staff change anything; a person may confirm or decline and set their own hours and weekend. */
export async function updateEnrolment(db: Kysely<Database>, actor: Actor, id: string, input: UpdateEnrolmentInput, now: Date): Promise<EnrolmentView> {
  const current = await repo.findEnrolment(db, id);
  const isOwn = current?.person_id === actor.personId;
  if (!current || (!isStaff(actor) && !isOwn)) throw notFound('Enrolment');
  if (!isStaff(actor)) {
    if (input.role !== undefined) throw new AppError('forbidden', 'Only a coordinator changes a role');
    if (input.status !== undefined && input.status !== 'confirmed' && input.status !== 'declined') throw new AppError('forbidden', 'You can confirm or decline; a coordinator withdraws');
    if (current.status === 'withdrawn') throw new AppError('conflict', 'You were withdrawn from this cohort; ask the coordinator');
  }
  assertHoursOrdered(input.preferredStart ?? current.preferred_start.slice(0, 5), input.preferredEnd ?? current.preferred_end.slice(0, 5));
  await repo.updateEnrolment(db, id, {
    ...(input.role !== undefined && { role: input.role }),
    ...(input.status !== undefined && { status: input.status }),
    ...(input.preferredStart !== undefined && { preferred_start: input.preferredStart }),
    ...(input.preferredEnd !== undefined && { preferred_end: input.preferredEnd }),
    ...(input.weekendDays !== undefined && { weekend_days: input.weekendDays }),
    ...(input.interpretationLanguage !== undefined && { interpretation_language: input.interpretationLanguage }),
    updated_at: now,
  });
  return toEnrolmentView((await repo.findEnrolment(db, id))!);
}
