import type { Kysely } from 'kysely';
import type { Database, ProgrammeRow } from '../../db/schema.ts';
import { conflict, notFound } from '../../errors.ts';
import { assertStaff, isStaff, type Actor } from '../access/actor.ts';
import * as repo from './programmes.repository.ts';
import type { CreateProgrammeInput, ProgrammeView, UpdateProgrammeInput } from './programmes.schemas.ts';

export function toProgrammeView(row: ProgrammeRow): ProgrammeView {
  return {
    id: row.id,
    title: row.title,
    theme: row.theme as ProgrammeView['theme'],
    partnerOrganisation: row.partner_organisation,
    description: row.description,
    modules: row.modules,
    defaultCompletionPolicy: (row.default_completion_policy ?? null) as ProgrammeView['defaultCompletionPolicy'],
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listProgrammes(db: Kysely<Database>, actor: Actor, filter: Omit<repo.ProgrammeFilter, 'visibleToPersonId'>, page: { limit: number; offset: number }) {
  const { items, total } = await repo.listProgrammes(db, { ...filter, visibleToPersonId: isStaff(actor) ? undefined : actor.personId }, page);
  return { items: items.map(toProgrammeView), total, ...page };
}

export async function getProgramme(db: Kysely<Database>, actor: Actor, id: string): Promise<ProgrammeView> {
  const row = await repo.findProgramme(db, id, isStaff(actor) ? undefined : actor.personId);
  if (!row) throw notFound('Programme');
  return toProgrammeView(row);
}

export async function createProgramme(db: Kysely<Database>, actor: Actor, input: CreateProgrammeInput): Promise<ProgrammeView> {
  assertStaff(actor);
  const row = await repo.insertProgramme(db, {
    title: input.title,
    theme: input.theme,
    partner_organisation: input.partnerOrganisation ?? null,
    description: input.description ?? null,
    modules: JSON.stringify(input.modules),
    default_completion_policy: input.defaultCompletionPolicy ? JSON.stringify(input.defaultCompletionPolicy) : null,
  });
  return toProgrammeView(row);
}

export async function updateProgramme(db: Kysely<Database>, actor: Actor, id: string, input: UpdateProgrammeInput, now: Date): Promise<ProgrammeView> {
  assertStaff(actor);
  const row = await repo.updateProgramme(db, id, {
    ...(input.title !== undefined && { title: input.title }),
    ...(input.theme !== undefined && { theme: input.theme }),
    ...(input.partnerOrganisation !== undefined && { partner_organisation: input.partnerOrganisation }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.modules !== undefined && { modules: JSON.stringify(input.modules) }),
    ...(input.defaultCompletionPolicy !== undefined && {
      default_completion_policy: input.defaultCompletionPolicy ? JSON.stringify(input.defaultCompletionPolicy) : null,
    }),
    updated_at: now,
  });
  if (!row) throw notFound('Programme');
  return toProgrammeView(row);
}

export async function archiveProgramme(db: Kysely<Database>, actor: Actor, id: string, now: Date): Promise<ProgrammeView> {
  assertStaff(actor);
  const row = await repo.updateProgramme(db, id, { archived_at: now, updated_at: now });
  if (!row) throw notFound('Programme');
  return toProgrammeView(row);
}

/** Only a programme that never had a cohort can be deleted; others are archived to keep their history. */
export async function deleteProgramme(db: Kysely<Database>, actor: Actor, id: string): Promise<void> {
  assertStaff(actor);
  if (!(await repo.findProgramme(db, id))) throw notFound('Programme');
  const cohorts = await repo.countCohortsOfProgramme(db, id);
  if (cohorts > 0) throw conflict(`This programme has ${cohorts} cohort(s); archive it instead of deleting it`, { cohorts });
  await repo.deleteProgramme(db, id);
}
