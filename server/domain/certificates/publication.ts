import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { exportSigningKeyPem, loadSigningKey, publicJwks, signStatusListCredential, type SigningKey } from '../../certificates/credential.ts';

// What the centre publishes about its certificates: their numbers and addresses, the signing key and
// its public half, and the revocation list.
export type CertificateConfig = Pick<Config, 'PUBLIC_BASE_URL' | 'CENTRE_NAME' | 'CENTRE_CITY' | 'CERTIFICATE_SIGNER_NAME' | 'CERTIFICATE_SIGNER_TITLE' | 'CERTIFICATE_SIGNING_KEY'>;

/** Crockford's base32: no I, L, O or U, so a number read aloud or typed from paper survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CERTIFICATE_NUMBER = /^LC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** 60 random bits: unguessable, and short enough to print and type. */
export function newCertificateNumber(): string {
  const bytes = randomBytes(8);
  let value = bytes.readBigUInt64BE() >> 4n;
  let digits = '';
  for (let i = 0; i < 12; i++) {
    digits = ALPHABET[Number(value & 31n)] + digits;
    value >>= 5n;
  }
  return `LC-${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`;
}

export const certificateUrls = (config: Pick<Config, 'PUBLIC_BASE_URL'>) => ({
  issuer: new URL('/', config.PUBLIC_BASE_URL).toString(),
  verify: (number: string) => new URL(`/verify/${number}`, config.PUBLIC_BASE_URL).toString(),
  credential: (number: string) => new URL(`/api/certificates/${number}/credential`, config.PUBLIC_BASE_URL).toString(),
  statusList: new URL('/credentials/status/revocation', config.PUBLIC_BASE_URL).toString(),
  achievement: (programmeId: string) => new URL(`/api/programmes/${programmeId}`, config.PUBLIC_BASE_URL).toString(),
});

const keys = new WeakMap<object, Promise<SigningKey>>();

/**
 * The centre's signing key: the configured one, or the one generated on first use and kept in
 * PostgreSQL, so the server and every worker sign with the same key across restarts.
 */
export function signingKey(db: Kysely<Database>, config: CertificateConfig): Promise<SigningKey> {
  let key = keys.get(db);
  if (!key) {
    key = (async () => {
      if (config.CERTIFICATE_SIGNING_KEY) return loadSigningKey(config.CERTIFICATE_SIGNING_KEY);
      const stored = await db.selectFrom('signing_keys').select('private_pem').orderBy('created_at').executeTakeFirst();
      if (stored) return loadSigningKey(stored.private_pem);
      const fresh = loadSigningKey(undefined);
      await db.insertInto('signing_keys').values({ kid: fresh.kid, private_pem: exportSigningKeyPem(fresh) }).onConflict((oc) => oc.doNothing()).execute();
      // Another process may have stored its key first: everyone uses the oldest.
      const first = await db.selectFrom('signing_keys').select('private_pem').orderBy('created_at').orderBy('kid').executeTakeFirstOrThrow();
      return loadSigningKey(first.private_pem);
    })();
    key.catch(() => keys.delete(db));
    keys.set(db, key);
  }
  return key;
}

export async function jwks(db: Kysely<Database>, config: CertificateConfig) {
  return publicJwks(await signingKey(db, config));
}

/** The signed revocation list: bit N is set when the certificate with status index N is revoked. */
export async function statusListJwt(db: Kysely<Database>, config: CertificateConfig, now: Date): Promise<string> {
  const revoked = await db.selectFrom('certificates').select('status_index').where('revoked_at', 'is not', null).execute();
  const urls = certificateUrls(config);
  const { jwt } = await signStatusListCredential(await signingKey(db, config), {
    id: urls.statusList,
    issuer: { id: urls.issuer, name: config.CENTRE_NAME },
    validFrom: now,
    revokedIndexes: revoked.map((r) => r.status_index),
  });
  return jwt;
}
