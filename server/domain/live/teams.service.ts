import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { conflict, notFound, ruleViolated } from '../../errors.ts';
import { assertStaff, type Actor } from '../access/actor.ts';

/** A team is a group of one cohort (one per city, or per topic) that lasts the whole programme. */
export async function listTeams(db: Kysely<Database>, cohortId: string) {
  const [teams, members] = await Promise.all([
    db.selectFrom('teams').select(['id', 'name', 'created_at']).where('cohort_id', '=', cohortId).orderBy('name').execute(),
    db
      .selectFrom('team_members')
      .innerJoin('people', 'people.id', 'team_members.person_id')
      .select(['team_members.team_id', 'people.id', 'people.name_latin', 'people.city'])
      .where('team_members.cohort_id', '=', cohortId)
      .orderBy('people.name_latin')
      .execute(),
  ]);
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    members: members.filter((m) => m.team_id === t.id).map((m) => ({ personId: m.id, name: m.name_latin, city: m.city })),
  }));
}

async function assertCohort(db: Kysely<Database>, cohortId: string) {
  const cohort = await db.selectFrom('cohorts').select(['id', 'status']).where('id', '=', cohortId).executeTakeFirst();
  if (!cohort) throw notFound('Cohort');
  if (cohort.status === 'archived') throw conflict('The cohort is archived');
}

/** Every person must be enrolled in the cohort and not yet in another of its teams; all problems are named. */
async function assertMembersFree(trx: Transaction<Database>, cohortId: string, personIds: string[], exceptTeamId?: string) {
  if (personIds.length === 0) return;
  const enrolled = await trx.selectFrom('enrolments').select('person_id').where('cohort_id', '=', cohortId).where('person_id', 'in', personIds).where('status', 'not in', ['withdrawn', 'declined']).execute();
  const known = new Set(enrolled.map((e) => e.person_id));
  const unknown = personIds.map((id, index) => ({ id, index })).filter(({ id }) => !known.has(id));
  if (unknown.length) {
    throw ruleViolated(
      'Only people enrolled in this cohort can be in its teams',
      unknown.map(({ index }) => ({ field: `personIds.${index}`, message: 'not enrolled in this cohort' })),
    );
  }
  let taken = trx
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .innerJoin('people', 'people.id', 'team_members.person_id')
    .select(['people.name_latin', 'teams.name', 'team_members.person_id'])
    .where('team_members.cohort_id', '=', cohortId)
    .where('team_members.person_id', 'in', personIds);
  if (exceptTeamId) taken = taken.where('team_members.team_id', '!=', exceptTeamId);
  const busy = await taken.execute();
  if (busy.length) {
    throw conflict(`Already in another team: ${busy.map((b) => `${b.name_latin} (${b.name})`).join(', ')}`, { personIds: busy.map((b) => b.person_id) });
  }
}

export async function createTeam(db: Kysely<Database>, actor: Actor, cohortId: string, input: { name: string; personIds: string[] }) {
  assertStaff(actor);
  await assertCohort(db, cohortId);
  const teamId = await db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom('teams').select('id').where('cohort_id', '=', cohortId).where('name', '=', input.name).executeTakeFirst();
    if (clash) throw conflict(`This cohort already has a team called “${input.name}”`);
    await assertMembersFree(trx, cohortId, input.personIds);
    const team = await trx.insertInto('teams').values({ cohort_id: cohortId, name: input.name }).returning('id').executeTakeFirstOrThrow();
    if (input.personIds.length) await trx.insertInto('team_members').values(input.personIds.map((personId) => ({ team_id: team.id, cohort_id: cohortId, person_id: personId }))).execute();
    return team.id;
  });
  return (await listTeams(db, cohortId)).find((t) => t.id === teamId)!;
}

/** One team per participants' city, for everyone not yet in a team. */
export async function createTeamsByCity(db: Kysely<Database>, actor: Actor, cohortId: string) {
  assertStaff(actor);
  await assertCohort(db, cohortId);
  await db.transaction().execute(async (trx) => {
    const free = await trx
      .selectFrom('enrolments')
      .innerJoin('people', 'people.id', 'enrolments.person_id')
      .leftJoin('team_members', (join) => join.onRef('team_members.person_id', '=', 'enrolments.person_id').onRef('team_members.cohort_id', '=', 'enrolments.cohort_id'))
      .select(['people.id', 'people.city'])
      .where('enrolments.cohort_id', '=', cohortId)
      .where('enrolments.role', '=', 'participant')
      .where('enrolments.status', 'not in', ['withdrawn', 'declined'])
      .where('team_members.team_id', 'is', null)
      .execute();
    const byCity = Map.groupBy(free, (p) => p.city ?? 'Without a city');
    for (const [city, people] of byCity) {
      const existing = await trx.selectFrom('teams').select('id').where('cohort_id', '=', cohortId).where('name', '=', city).executeTakeFirst();
      const teamId = existing?.id ?? (await trx.insertInto('teams').values({ cohort_id: cohortId, name: city }).returning('id').executeTakeFirstOrThrow()).id;
      await trx.insertInto('team_members').values(people.map((p) => ({ team_id: teamId, cohort_id: cohortId, person_id: p.id }))).execute();
    }
  });
  return listTeams(db, cohortId);
}

async function teamOf(db: Kysely<Database>, teamId: string) {
  const team = await db.selectFrom('teams').select(['id', 'cohort_id', 'name']).where('id', '=', teamId).executeTakeFirst();
  if (!team) throw notFound('Team');
  return team;
}

export async function updateTeam(db: Kysely<Database>, actor: Actor, teamId: string, input: { name?: string | undefined; personIds?: string[] | undefined }) {
  assertStaff(actor);
  const team = await teamOf(db, teamId);
  await db.transaction().execute(async (trx) => {
    if (input.name !== undefined && input.name !== team.name) {
      const clash = await trx.selectFrom('teams').select('id').where('cohort_id', '=', team.cohort_id).where('name', '=', input.name).executeTakeFirst();
      if (clash) throw conflict(`This cohort already has a team called “${input.name}”`);
      await trx.updateTable('teams').set({ name: input.name }).where('id', '=', teamId).execute();
    }
    if (input.personIds !== undefined) {
      await assertMembersFree(trx, team.cohort_id, input.personIds, teamId);
      await trx.deleteFrom('team_members').where('team_id', '=', teamId).execute();
      if (input.personIds.length) await trx.insertInto('team_members').values(input.personIds.map((personId) => ({ team_id: teamId, cohort_id: team.cohort_id, person_id: personId }))).execute();
    }
  });
  return (await listTeams(db, team.cohort_id)).find((t) => t.id === teamId)!;
}

export async function deleteTeam(db: Kysely<Database>, actor: Actor, teamId: string) {
  assertStaff(actor);
  await teamOf(db, teamId);
  await db.deleteFrom('teams').where('id', '=', teamId).execute();
}
