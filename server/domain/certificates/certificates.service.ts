import { createHash, randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { CertificatesTable, Database } from '../../db/schema.ts';
import { conflict, notFound, ruleViolated } from '../../errors.ts';
import { renderCertificatePdf } from '../../certificates/pdf.ts';
import type { RenderPdf } from '../../certificates/render-pool.ts';
import { signCredential } from '../../certificates/credential.ts';
import { assertStaff, type Actor } from '../access/actor.ts';
import type { AttendanceSettings } from '../attendance/attendance.service.ts';
import { cohortCompletion, type PersonCompletion } from '../completion/completion.service.ts';
import { certificateUrls, newCertificateNumber, signingKey, type CertificateConfig } from './publication.ts';
import { findCertificateView, ownedCertificate } from './certificate-views.ts';

interface IssueContext {
  db: Kysely<Database>;
  config: CertificateConfig;
  now: Date;
  /** Where PDFs are drawn: this thread by default, a render pool in bulk issuance. */
  render?: RenderPdf;
}

/**
 * Issues the certificate of one completed enrolment, unless it already has one: the PDF (native and
 * Latin name, QR code), the signed credential and the PDF's digest, stored in one row. Running it
 * twice, or in two processes at once, leaves one certificate (a unique index on the current one).
 */
export async function issueCertificate(context: IssueContext, completion: PersonCompletion, cohortId: string): Promise<{ number: string; created: boolean }> {
  const { db } = context;
  if (completion.status !== 'completed') {
    throw ruleViolated(`${completion.name} has not completed the programme (${completion.status.replace('_', ' ')}): ${describeNeeds(completion)}`, [{ field: 'enrolment', message: `status ${completion.status}` }]);
  }
  const row = (await certificateFactsOf(db, cohortId, [completion.personId])).get(completion.personId);
  if (!row) throw notFound('Enrolment');
  const existing = await db.selectFrom('certificates').select('number').where('enrolment_id', '=', row.enrolment_id).where('replaced_by', 'is', null).executeTakeFirst();
  if (existing) return { number: existing.number, created: false };
  return createCertificate(context, { ...row, hours: completion.creditedMinutes / 60 }, undefined);
}

/** What a bulk run loads once: every person's printed facts, and status-list indexes taken in blocks. */
export interface PreparedIssue {
  facts: Map<string, Omit<CertificateFacts, 'hours'>>;
  nextIndex(): Promise<number>;
}

export async function prepareIssue(db: Kysely<Database>, cohortId: string, personIds: string[]): Promise<PreparedIssue> {
  const facts = await certificateFactsOf(db, cohortId, personIds);
  let block: number[] = [];
  return {
    facts,
    // An index taken and not used leaves an unset bit in the status list, which is harmless.
    async nextIndex() {
      if (block.length === 0) {
        block = (await sql<{ index: number }>`SELECT nextval('certificate_status_index_seq')::int AS index FROM generate_series(1, 100)`.execute(db)).rows.map((r) => r.index);
      }
      return block.shift()!;
    },
  };
}

async function certificateFactsOf(db: Kysely<Database>, cohortId: string, personIds: string[]) {
  if (personIds.length === 0) return new Map<string, Omit<CertificateFacts, 'hours'>>();
  const rows = await db
    .selectFrom('enrolments')
    .innerJoin('people', 'people.id', 'enrolments.person_id')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
    .select([
      'enrolments.id as enrolment_id',
      'enrolments.person_id',
      'enrolments.cohort_id',
      'people.name_latin',
      'people.name_native',
      'cohorts.title as cohort_title',
      'cohorts.first_day',
      'cohorts.last_day',
      'programmes.id as programme_id',
      'programmes.title as programme_title',
    ])
    .where('enrolments.cohort_id', '=', cohortId)
    .where('enrolments.person_id', 'in', personIds)
    .execute();
  return new Map(rows.map((r) => [r.person_id, r]));
}

interface CertificateFacts {
  enrolment_id: string;
  person_id: string;
  cohort_id: string;
  name_latin: string;
  name_native: string | null;
  cohort_title: string;
  first_day: string;
  last_day: string;
  programme_id: string;
  programme_title: string;
  hours: number;
}

/** Renders, signs and stores a certificate; with `replacing`, the old one points to it in the same transaction. */
/** Draws the PDF and signs the credential of one certificate: the row to store, nothing written yet. */
async function buildCertificate(context: IssueContext, facts: CertificateFacts, index: number, id: string = randomUUID()): Promise<Insertable<CertificatesTable>> {
  const { db, config, now } = context;
  const urls = certificateUrls(config);
  const number = newCertificateNumber();
  const hours = Math.round(facts.hours * 10) / 10;
  const pdf = await (context.render ?? renderCertificatePdf)({
    number,
    verifyUrl: urls.verify(number),
    nameNative: facts.name_native,
    nameLatin: facts.name_latin,
    programmeTitle: facts.programme_title,
    cohortTitle: facts.cohort_title,
    firstDay: facts.first_day,
    lastDay: facts.last_day,
    hoursAttended: hours,
    issuer: { name: config.CENTRE_NAME, city: config.CENTRE_CITY },
    signer: { name: config.CERTIFICATE_SIGNER_NAME, title: config.CERTIFICATE_SIGNER_TITLE },
    issuedOn: now.toISOString().slice(0, 10),
  });
  const { jwt } = await signCredential(await signingKey(db, config), {
    id: urls.credential(number),
    issuer: { id: urls.issuer, name: config.CENTRE_NAME, url: urls.issuer },
    names: [facts.name_native, facts.name_latin].filter((n): n is string => Boolean(n)),
    achievement: {
      id: urls.achievement(facts.programme_id),
      name: facts.programme_title,
      description: `${facts.programme_title}, ${facts.cohort_title} (${facts.first_day} – ${facts.last_day}): ${hours} hours of live sessions`,
      criteria: 'Attendance of the live sessions as the cohort’s completion policy requires, recorded by the centre.',
    },
    validFrom: now,
    status: { listCredential: urls.statusList, index },
  });
  return {
    id,
    number,
    enrolment_id: facts.enrolment_id,
    cohort_id: facts.cohort_id,
    person_id: facts.person_id,
    status_index: index,
    name_latin: facts.name_latin,
    name_native: facts.name_native,
    hours_attended: hours,
    issued_at: now,
    pdf,
    pdf_sha256: createHash('sha256').update(pdf).digest('hex'),
    credential_jwt: jwt,
  };
}

/** Stores built certificates in one statement; an enrolment that already has one keeps it. Answers the enrolments stored. */
export async function storeCertificates(db: Kysely<Database>, rows: Insertable<CertificatesTable>[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db
    .insertInto('certificates')
    .values(rows)
    .onConflict((oc) => oc.column('enrolment_id').where('replaced_by', 'is', null).doNothing())
    .returning('enrolment_id')
    .execute();
  return new Set(inserted.map((r) => r.enrolment_id));
}

/** Builds a bulk run's certificates: the facts loaded once, indexes taken in blocks. */
export async function buildForRun(context: IssueContext, completion: PersonCompletion, prepared: PreparedIssue): Promise<Insertable<CertificatesTable>> {
  if (completion.status !== 'completed') throw ruleViolated(`${completion.name} has not completed the programme`);
  const facts = prepared.facts.get(completion.personId);
  if (!facts) throw notFound('Enrolment');
  return buildCertificate(context, { ...facts, hours: completion.creditedMinutes / 60 }, await prepared.nextIndex());
}

async function createCertificate(
  context: IssueContext,
  facts: CertificateFacts,
  replacing: { id: string; nameChange?: { latin: string; native: string | null } } | undefined,
): Promise<{ number: string; created: boolean }> {
  const { db, now } = context;
  const id = randomUUID();
  // The index is taken first; the PDF is drawn before anything is written, so a name no font can
  // print changes nothing.
  const { index } = (await sql<{ index: number }>`SELECT nextval('certificate_status_index_seq')::int AS index`.execute(db)).rows[0]!;
  const row = await buildCertificate(context, facts, index, id);
  return db.transaction().execute(async (trx) => {
    if (replacing) {
      // The foreign key is deferred: the old row may point to the new one before it exists.
      await trx.updateTable('certificates').set({ replaced_by: id }).where('id', '=', replacing.id).where('replaced_by', 'is', null).execute();
      if (replacing.nameChange) {
        await trx.updateTable('people').set({ name_latin: replacing.nameChange.latin, name_native: replacing.nameChange.native, updated_at: now }).where('id', '=', facts.person_id).execute();
      }
    }
    if ((await storeCertificates(trx, [row])).size === 1) return { number: row.number, created: true };
    const current = await trx.selectFrom('certificates').select('number').where('enrolment_id', '=', facts.enrolment_id).where('replaced_by', 'is', null).executeTakeFirstOrThrow();
    return { number: current.number, created: false };
  });
}

function describeNeeds(completion: PersonCompletion): string {
  const parts = [];
  if (completion.needs.sessions) parts.push(`${completion.needs.sessions} more session(s)`);
  if (completion.needs.minutes) parts.push(`${completion.needs.minutes} more minutes`);
  if (completion.missingRequired.length) parts.push(`${completion.missingRequired.length} required session(s)`);
  return parts.length ? `needs ${parts.join(', ')}` : 'the programme is not over';
}

/** One person's certificate, issued on request for a single enrolment (a coordinator's button). */
export async function issueForEnrolment(db: Kysely<Database>, actor: Actor, enrolmentId: string, config: CertificateConfig, settings: AttendanceSettings, now: Date) {
  assertStaff(actor);
  const enrolment = await db.selectFrom('enrolments').select(['cohort_id', 'person_id', 'role', 'status']).where('id', '=', enrolmentId).executeTakeFirst();
  if (!enrolment) throw notFound('Enrolment');
  if (enrolment.role !== 'participant') throw ruleViolated(`Certificates are for participants; this enrolment is a ${enrolment.role}'s`);
  const completion = (await cohortCompletion(db, actor, enrolment.cohort_id, settings, now)).find((c) => c.personId === enrolment.person_id);
  if (!completion) throw ruleViolated(`The person is ${enrolment.status}; certificates are for people taking part`);
  const issued = await issueCertificate({ db, config, now }, completion, enrolment.cohort_id);
  return { ...(await findCertificateView(db, issued.number)), created: issued.created };
}

/** Starts (or reports the one already running) bulk issuance for a cohort's completed participants. */
export async function startIssuance(db: Kysely<Database>, actor: Actor, cohortId: string, settings: AttendanceSettings, now: Date) {
  assertStaff(actor);
  const completions = await cohortCompletion(db, actor, cohortId, settings, now);
  const completed = completions.filter((c) => c.status === 'completed');
  if (completed.length === 0) {
    throw ruleViolated('Nobody in this cohort has completed the programme yet; nothing to issue', [{ field: 'cohort', message: 'no completed participants' }]);
  }
  const running = await db.selectFrom('issuance_runs').select('id').where('cohort_id', '=', cohortId).where('status', '=', 'running').executeTakeFirst();
  if (running) throw conflict('Certificates are already being issued for this cohort', { runId: running.id });
  const done = completed.filter((c) => c.certificate).length;
  return db
    .insertInto('issuance_runs')
    .values({ cohort_id: cohortId, actor_person_id: actor.personId, status: 'running', total: completed.length, done, started_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function runView(run: { id: string; cohort_id: string; status: string; total: number; done: number; failures: unknown; started_at: Date; finished_at: Date | null }) {
  return { id: run.id, cohortId: run.cohort_id, status: run.status, total: run.total, done: run.done, failures: run.failures as { personId: string; reason: string }[], startedAt: run.started_at.toISOString(), finishedAt: run.finished_at?.toISOString() ?? null };
}

export async function revokeCertificate(db: Kysely<Database>, actor: Actor, number: string, reason: string, now: Date) {
  assertStaff(actor);
  const row = await ownedCertificate(db, actor, number);
  if (row.revoked_at) throw conflict(`This certificate was already revoked on ${row.revoked_at.toISOString().slice(0, 10)}`);
  if (row.replaced_by) throw conflict('This certificate was replaced by a corrected one; revoke the new one instead');
  await db.updateTable('certificates').set({ revoked_at: now, revoked_reason: reason }).where('id', '=', row.id).where('revoked_at', 'is', null).execute();
  return findCertificateView(db, number);
}

/**
 * A correction (a misspelled name): the person's name is fixed, a new certificate is issued, and the
 * old number verifies as replaced, pointing to the new one.
 */
export async function reissueCertificate(db: Kysely<Database>, actor: Actor, number: string, input: { nameLatin?: string | undefined; nameNative?: string | null | undefined }, config: CertificateConfig, now: Date) {
  assertStaff(actor);
  const old = await ownedCertificate(db, actor, number);
  if (old.replaced_by) throw conflict('This certificate was already replaced; correct the newest one');
  if (old.revoked_at) throw conflict('A revoked certificate cannot be corrected');
  const facts = await db
    .selectFrom('certificates')
    .innerJoin('cohorts', 'cohorts.id', 'certificates.cohort_id')
    .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
    .innerJoin('people', 'people.id', 'certificates.person_id')
    .select(['certificates.enrolment_id', 'certificates.person_id', 'certificates.cohort_id', 'certificates.hours_attended', 'people.name_latin', 'people.name_native', 'cohorts.title as cohort_title', 'cohorts.first_day', 'cohorts.last_day', 'programmes.id as programme_id', 'programmes.title as programme_title'])
    .where('certificates.id', '=', old.id)
    .executeTakeFirstOrThrow();
  const nameLatin = input.nameLatin ?? facts.name_latin;
  const nameNative = input.nameNative === undefined ? facts.name_native : input.nameNative;
  // The PDF is rendered before anything is written: a name no font can print changes nothing.
  const issued = await createCertificate(
    { db, config, now },
    { ...facts, name_latin: nameLatin, name_native: nameNative, hours: Number(facts.hours_attended) },
    { id: old.id, nameChange: { latin: nameLatin, native: nameNative } },
  );
  return { replaced: await findCertificateView(db, number), current: await findCertificateView(db, issued.number) };
}
