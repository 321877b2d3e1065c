import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { createCohort, createProgramme, createSession } from './factories.ts';

/** Officials of the centre's real past cohorts, with their names in their own script. */
export const officials = [
  { nameLatin: 'Ahmed Abdelrahman', nameNative: 'أحمد عبد الرحمن', city: 'Cairo', country: 'EG', timeZone: 'Africa/Cairo' },
  { nameLatin: 'Dilshod Karimov', nameNative: 'Дилшод Каримов', city: 'Tashkent', country: 'UZ', timeZone: 'Asia/Tashkent' },
  { nameLatin: 'Wang Xiaoming', nameNative: '王晓明', city: 'Chengdu', country: 'CN', timeZone: 'Asia/Shanghai' },
  { nameLatin: 'José Ramírez Núñez', nameNative: null, city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City' },
  { nameLatin: 'Somchai Jaidee', nameNative: 'สมชาย ใจดี', city: 'Bangkok', country: 'TH', timeZone: 'Asia/Bangkok' },
  { nameLatin: 'Olena Shevchenko', nameNative: 'Олена Шевченко', city: 'Kyiv', country: 'UA', timeZone: 'Europe/Kyiv' },
];

/** A cohort with `sessions` 90-minute lectures (Seoul 09:00 from 14 July, every other day). */
export async function cohortWithLectures(db: Kysely<Database>, sessions: number) {
  const cohort = await createCohort(db, (await createProgramme(db, 'Smart City Governance and Digital Transformation')).id, { title: 'Summer 2026' });
  const lectures = [];
  for (let i = 0; i < sessions; i++) {
    const day = new Date(Date.UTC(2026, 6, 14 + 2 * i)).toISOString().slice(0, 10);
    lectures.push(await createSession(db, cohort.id, { title: `Lecture ${i + 1}`, localStart: `${day}T09:00` }));
  }
  return { cohort, lectures };
}

/** `minutes` of one person's presence in a session, as a joined and a left webhook would record it. */
export function presence(session: { id: string; starts_at: Date }, personId: string, minutes: number) {
  const from = session.starts_at;
  const to = new Date(from.getTime() + minutes * 60_000);
  const room = `session-${session.id}`;
  const sid = `PA_${personId.slice(0, 8)}_${session.id.slice(0, 8)}`;
  return [
    { session_id: session.id, person_id: personId, source: 'webhook' as const, kind: 'joined' as const, at: from, joined_at: from, participant_sid: sid, room_name: room, ref: `EV_${sid}_j` },
    { session_id: session.id, person_id: personId, source: 'webhook' as const, kind: 'left' as const, at: to, joined_at: from, participant_sid: sid, room_name: room, ref: `EV_${sid}_l` },
  ];
}

export async function recordPresence(db: Kysely<Database>, rows: ReturnType<typeof presence>) {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('attendance_evidence').values(rows.slice(i, i + 1000)).execute();
}
