import type { Kysely } from 'kysely';
import type { CohortStatus, Database } from '../../db/schema.ts';
import { conflict, notFound, ruleViolated } from '../../errors.ts';
import { localDate } from '../../time/format.ts';
import { canonicalTimeZone } from '../../time/zones.ts';
import { assertStaff, isStaff, type Actor } from '../access/actor.ts';
import { getCohortAccess } from '../access/cohort-access.ts';
import * as repo from './cohorts.repository.ts';
import type { CohortView, CreateCohortInput, UpdateCohortInput } from './cohorts.schemas.ts';

const ORDER: CohortStatus[] = ['draft', 'scheduled', 'running', 'completed', 'archived'];

export function toCohortView(row: repo.CohortWithCounts): CohortView {
  return {
    id: row.id,
    programmeId: row.programme_id,
    title: row.title,
    hostTimeZone: row.host_time_zone,
    firstDay: row.first_day,
    lastDay: row.last_day,
    status: row.status,
    capacity: row.capacity,
    completionPolicy: (row.completion_policy ?? null) as CohortView['completionPolicy'],
    reminderOffsetsMinutes: row.reminder_offsets_minutes,
    invitationsSentAt: row.invitations_sent_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    counts: {
      participants: Number(row.participant_count ?? 0),
      lecturers: Number(row.lecturer_count ?? 0),
      interpreters: Number(row.interpreter_count ?? 0),
      observers: Number(row.observer_count ?? 0),
      sessions: Number(row.session_count ?? 0),
    },
  };
}

function assertDaysOrdered(firstDay: string, lastDay: string): void {
  if (lastDay < firstDay) {
    throw ruleViolated(`The last day (${lastDay}) is before the first day (${firstDay})`, [{ field: 'lastDay', message: `before firstDay ${firstDay}` }]);
  }
}

export async function listCohorts(db: Kysely<Database>, actor: Actor, filter: Omit<repo.CohortFilter, 'visibleToPersonId'>, page: { limit: number; offset: number }) {
  const { items, total } = await repo.listCohorts(db, { ...filter, visibleToPersonId: isStaff(actor) ? undefined : actor.personId }, page);
  return { items: items.map(toCohortView), total, ...page };
}

export async function getCohort(db: Kysely<Database>, actor: Actor, id: string): Promise<CohortView> {
  await getCohortAccess(db, actor, id);
  return toCohortView((await repo.findCohortWithCounts(db, id))!);
}

export async function createCohort(db: Kysely<Database>, actor: Actor, input: CreateCohortInput): Promise<CohortView> {
  assertStaff(actor);
  const hostTimeZone = canonicalTimeZone(input.hostTimeZone, 'hostTimeZone');
  assertDaysOrdered(input.firstDay, input.lastDay);
  const programme = await db.selectFrom('programmes').select(['id', 'archived_at']).where('id', '=', input.programmeId).executeTakeFirst();
  if (!programme) throw ruleViolated('No such programme', [{ field: 'programmeId', message: 'no programme has this id' }]);
  if (programme.archived_at) throw ruleViolated('The programme is archived; new cohorts cannot be added to it', [{ field: 'programmeId', message: 'archived programme' }]);
  const { id } = await repo.insertCohort(db, {
    programme_id: input.programmeId,
    title: input.title,
    host_time_zone: hostTimeZone,
    first_day: input.firstDay,
    last_day: input.lastDay,
    capacity: input.capacity ?? null,
    completion_policy: input.completionPolicy ? JSON.stringify(input.completionPolicy) : null,
  });
  return toCohortView((await repo.findCohortWithCounts(db, id))!);
}

export async function updateCohort(db: Kysely<Database>, actor: Actor, id: string, input: UpdateCohortInput, now: Date): Promise<CohortView> {
  assertStaff(actor);
  const current = await repo.findCohortForUpdate(db, id);
  if (!current) throw notFound('Cohort');
  const hostTimeZone = input.hostTimeZone !== undefined ? canonicalTimeZone(input.hostTimeZone, 'hostTimeZone') : current.host_time_zone;
  const firstDay = input.firstDay ?? current.first_day;
  const lastDay = input.lastDay ?? current.last_day;
  assertDaysOrdered(firstDay, lastDay);
  if (input.status && input.status !== current.status && input.status !== 'archived' && ORDER.indexOf(input.status) < ORDER.indexOf(current.status)) {
    throw ruleViolated(`A cohort moves forward only (draft → scheduled → running → completed → archived); it is ${current.status}`, [{ field: 'status', message: `cannot go back from ${current.status} to ${input.status}` }]);
  }
  if (input.firstDay || input.lastDay || input.hostTimeZone) {
    const outside = (await repo.listActiveSessionStarts(db, id)).filter((s) => {
      const day = localDate(s.starts_at, hostTimeZone);
      return day < firstDay || day > lastDay;
    });
    if (outside.length) {
      throw ruleViolated(`${outside.length} session(s) would fall outside ${firstDay} – ${lastDay}; move or cancel them first`, [
        { field: input.firstDay ? 'firstDay' : 'lastDay', message: `${outside.length} session(s) outside the new days` },
      ]);
    }
  }
  await repo.updateCohort(db, id, {
    ...(input.title !== undefined && { title: input.title }),
    host_time_zone: hostTimeZone,
    first_day: firstDay,
    last_day: lastDay,
    ...(input.capacity !== undefined && { capacity: input.capacity }),
    ...(input.completionPolicy !== undefined && { completion_policy: input.completionPolicy ? JSON.stringify(input.completionPolicy) : null }),
    ...(input.status !== undefined && { status: input.status }),
    updated_at: now,
  });
  return toCohortView((await repo.findCohortWithCounts(db, id))!);
}

export async function archiveCohort(db: Kysely<Database>, actor: Actor, id: string, now: Date): Promise<CohortView> {
  return updateCohort(db, actor, id, { status: 'archived' }, now);
}

/** A cohort that has sent invitations keeps its history: it is archived, never deleted. */
export async function deleteCohort(db: Kysely<Database>, actor: Actor, id: string): Promise<void> {
  assertStaff(actor);
  const cohort = await repo.findCohortForUpdate(db, id);
  if (!cohort) throw notFound('Cohort');
  if (cohort.invitations_sent_at) throw conflict('This cohort has sent invitations; archive it instead of deleting it');
  await repo.deleteCohort(db, id);
}
