import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { invalid, notFound } from '../../errors.ts';
import { isStaff, type Actor } from '../access/actor.ts';
import { CERTIFICATE_NUMBER } from './publication.ts';

// How certificates are shown: to coordinators, to their holders, and to anyone verifying one.
function certificateViews(db: Kysely<Database>) {
  return db
    .selectFrom('certificates')
    .innerJoin('cohorts', 'cohorts.id', 'certificates.cohort_id')
    .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
    .leftJoin('certificates as replacement', 'replacement.id', 'certificates.replaced_by')
    .select([
      'certificates.id',
      'certificates.number',
      'certificates.person_id',
      'certificates.name_latin',
      'certificates.name_native',
      'certificates.hours_attended',
      'certificates.issued_at',
      'certificates.revoked_at',
      'certificates.revoked_reason',
      'certificates.pdf_sha256',
      'replacement.number as replaced_by_number',
      'cohorts.title as cohort_title',
      'cohorts.first_day',
      'cohorts.last_day',
      'cohorts.host_time_zone',
      'programmes.title as programme_title',
    ]);
}

type CertificateViewRow = Awaited<ReturnType<ReturnType<typeof certificateViews>['executeTakeFirstOrThrow']>>;

function toCertificateView(row: CertificateViewRow) {
  return {
    number: row.number,
    personId: row.person_id,
    status: row.replaced_by_number ? ('replaced' as const) : row.revoked_at ? ('revoked' as const) : ('valid' as const),
    name: { latin: row.name_latin, native: row.name_native },
    programme: row.programme_title,
    cohort: { title: row.cohort_title, firstDay: row.first_day, lastDay: row.last_day, hostTimeZone: row.host_time_zone },
    hoursAttended: Number(row.hours_attended),
    issuedAt: row.issued_at.toISOString(),
    revoked: row.revoked_at ? { at: row.revoked_at.toISOString(), reason: row.revoked_reason } : null,
    replacedBy: row.replaced_by_number,
    pdfSha256: row.pdf_sha256,
  };
}

export async function findCertificateView(db: Kysely<Database>, number: string) {
  const row = await certificateViews(db).where('certificates.number', '=', number).executeTakeFirst();
  if (!row) throw notFound('Certificate');
  return toCertificateView(row);
}

/** A cohort's certificates, replaced ones included (they verify as replaced), in issue order. */
export async function listCertificateViews(db: Kysely<Database>, cohortId: string) {
  const rows = await certificateViews(db).where('certificates.cohort_id', '=', cohortId).orderBy('certificates.issued_at').orderBy('certificates.number').execute();
  return rows.map(toCertificateView);
}

/** What anyone may know, without signing in: the certificate's facts and its status, nothing else about the person. */
export async function verifyCertificate(db: Kysely<Database>, number: string, config: Pick<Config, 'CENTRE_NAME'>) {
  if (!CERTIFICATE_NUMBER.test(number)) {
    throw invalid('A certificate number looks like LC-XXXX-XXXX-XXXX (letters and digits)', [{ field: 'number', message: 'expected LC-XXXX-XXXX-XXXX' }]);
  }
  const certificate = await findCertificateView(db, number).catch(() => undefined);
  if (!certificate) return { number, status: 'unknown' as const };
  return {
    number: certificate.number,
    status: certificate.status,
    name: certificate.name,
    programme: certificate.programme,
    cohort: certificate.cohort,
    hoursAttended: certificate.hoursAttended,
    issuedAt: certificate.issuedAt,
    revoked: certificate.revoked,
    replacedBy: certificate.replacedBy,
    issuer: config.CENTRE_NAME,
  };
}

/** The certificate's owner and the centre's staff may download it. */
export async function ownedCertificate(db: Kysely<Database>, actor: Actor, number: string) {
  if (!CERTIFICATE_NUMBER.test(number)) throw invalid('Not a certificate number', [{ field: 'number', message: 'expected LC-XXXX-XXXX-XXXX' }]);
  const row = await db.selectFrom('certificates').select(['id', 'number', 'person_id', 'pdf', 'credential_jwt', 'revoked_at', 'replaced_by']).where('number', '=', number).executeTakeFirst();
  if (!row || (!isStaff(actor) && row.person_id !== actor.personId)) throw notFound('Certificate');
  return row;
}
