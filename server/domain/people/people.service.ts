import type { Kysely } from 'kysely';
import type { Database, PersonRow } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { canonicalTimeZone, isKnownCountry } from '../../time/zones.ts';
import { assertStaff, isStaff, type Actor } from '../access/actor.ts';
import * as repo from './people.repository.ts';
import type { CreatePersonInput, PersonView, UpdatePersonInput } from './people.schemas.ts';

export function toPersonView(row: PersonRow): PersonView {
  return {
    id: row.id,
    email: row.email,
    nameLatin: row.name_latin,
    nameNative: row.name_native,
    city: row.city,
    country: row.country,
    timeZone: row.time_zone,
    locale: row.locale,
    organisation: row.organisation,
    position: row.position,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function assertCountry(country: string | undefined): void {
  if (country !== undefined && !isKnownCountry(country)) {
    throw new AppError('invalid_request', `${country} is not an ISO 3166 country code`, { fields: [{ field: 'country', message: 'unknown country code' }] });
  }
}

async function assertEmailFree(db: Kysely<Database>, email: string, exceptId?: string): Promise<void> {
  const existing = await repo.findPersonByEmail(db, email);
  if (existing && existing.id !== exceptId) throw new AppError('conflict', `${email} belongs to another person already`, { fields: [{ field: 'email', message: 'already used' }] });
}

export async function listPeople(db: Kysely<Database>, actor: Actor, filter: repo.PeopleFilter, page: { limit: number; offset: number }) {
  assertStaff(actor);
  const { items, total } = await repo.listPeople(db, filter, page);
  return { items: items.map(toPersonView), total, ...page };
}

/** Staff read anyone; a person reads only themself. */
export async function getPerson(db: Kysely<Database>, actor: Actor, id: string): Promise<PersonView> {
  if (!isStaff(actor) && actor.personId !== id) throw notFound('Person');
  const row = await repo.findPerson(db, id);
  if (!row) throw notFound('Person');
  return toPersonView(row);
}

export async function createPerson(db: Kysely<Database>, actor: Actor, input: CreatePersonInput): Promise<PersonView> {
  assertStaff(actor);
  assertCountry(input.country);
  const timeZone = canonicalTimeZone(input.timeZone, 'timeZone');
  await assertEmailFree(db, input.email);
  const row = await repo.insertPerson(db, {
    email: input.email,
    name_latin: input.nameLatin,
    name_native: input.nameNative ?? null,
    city: input.city ?? null,
    country: input.country,
    time_zone: timeZone,
    locale: input.locale,
    organisation: input.organisation ?? null,
    position: input.position ?? null,
  });
  return toPersonView(row);
}

export async function updatePerson(db: Kysely<Database>, actor: Actor, id: string, input: UpdatePersonInput, now: Date): Promise<PersonView> {
  assertStaff(actor);
  assertCountry(input.country);
  const timeZone = input.timeZone !== undefined ? canonicalTimeZone(input.timeZone, 'timeZone') : undefined;
  if (input.email) await assertEmailFree(db, input.email, id);
  const row = await repo.updatePerson(db, id, {
    ...(input.email !== undefined && { email: input.email }),
    ...(input.nameLatin !== undefined && { name_latin: input.nameLatin }),
    ...(input.nameNative !== undefined && { name_native: input.nameNative }),
    ...(input.city !== undefined && { city: input.city }),
    ...(input.country !== undefined && { country: input.country }),
    ...(timeZone !== undefined && { time_zone: timeZone }),
    ...(input.locale !== undefined && { locale: input.locale }),
    ...(input.organisation !== undefined && { organisation: input.organisation }),
    ...(input.position !== undefined && { position: input.position }),
    updated_at: now,
  });
  if (!row) throw notFound('Person');
  return toPersonView(row);
}

