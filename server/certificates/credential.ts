// The machine-readable twin of a certificate: an Open Badges 3.0 credential signed as a VC-JWT with
// the centre's Ed25519 key, and the W3C Bitstring Status List that says which ones are revoked.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createLocalJWKSet, errors, jwtVerify, SignJWT, type JSONWebKeySet, type JWK } from 'jose';

const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const ALGORITHM = 'EdDSA';
const TOKEN_TYPE = 'vc+jwt';
/** The spec's minimum list length (16 KB), so a list reveals little about how many were issued. */
export const STATUS_LIST_SIZE = 131_072;

export interface SigningKey {
  /** RFC 7638 thumbprint of the public key: stable for a key, so verifiers can pick it from the JWKS. */
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function thumbprint(publicKey: KeyObject): string {
  const { crv, kty, x } = publicKey.export({ format: 'jwk' });
  // Members in lexicographic order, no whitespace: https://www.rfc-editor.org/rfc/rfc7638#section-3
  return createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url');
}

/**
 * The centre's Ed25519 signing key from a PKCS#8 PEM. Without one a key is generated for this process
 * only (development and tests): credentials it signs stop verifying when the process restarts.
 */
export function loadSigningKey(pem: string | undefined): SigningKey {
  const privateKey = pem ? createPrivateKey(pem) : generateKeyPairSync('ed25519').privateKey;
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`The certificate signing key must be Ed25519, not ${privateKey.asymmetricKeyType ?? 'a symmetric key'}`);
  }
  const publicKey = createPublicKey(privateKey);
  return { kid: thumbprint(publicKey), privateKey, publicKey };
}

/** The key as PKCS#8 PEM, to store a generated key in configuration. */
export function exportSigningKeyPem(key: SigningKey): string {
  return key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The public half for `/.well-known/jwks.json`. */
export function publicJwks(key: SigningKey): JSONWebKeySet {
  const jwk: JWK = { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: ALGORITHM, use: 'sig' };
  return { keys: [jwk] };
}

export interface CredentialStatus {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation';
  statusListIndex: string;
  statusListCredential: string;
}

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  name: string;
  issuer: { id: string; type: ['Profile']; name: string; url?: string };
  validFrom: string;
  credentialSubject: {
    type: ['AchievementSubject'];
    identifier: { type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }[];
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: 'Certificate';
      name: string;
      description: string;
      criteria: { narrative: string };
    };
  };
  credentialStatus: CredentialStatus;
}

export interface CredentialInput {
  /** A URL that resolves to this credential (for example the certificate's JSON endpoint). */
  id: string;
  issuer: { id: string; name: string; url?: string };
  /** The names exactly as printed; the person has no DID, and no e-mail address is disclosed. */
  names: string[];
  achievement: { id: string; name: string; description: string; criteria: string };
  validFrom: Date;
  status: { listCredential: string; index: number };
}

/** The unsigned Open Badges 3.0 credential for one certificate. */
export function buildCredential(input: CredentialInput): OpenBadgeCredential {
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.achievement.name,
    issuer: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name, ...(input.issuer.url && { url: input.issuer.url }) },
    validFrom: input.validFrom.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [...new Set(input.names)].map((name) => ({ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: name })),
      achievement: {
        id: input.achievement.id,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: input.achievement.name,
        description: input.achievement.description,
        criteria: { narrative: input.achievement.criteria },
      },
    },
    credentialStatus: {
      id: `${input.status.listCredential}#${input.status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.status.index),
      statusListCredential: input.status.listCredential,
    },
  };
}

interface SignableCredential {
  id: string;
  issuer: { id: string };
  validFrom: string;
}

/**
 * A compact JWS whose payload is the credential itself plus the JWT claims Open Badges 3.0 maps from
 * it (iss = issuer.id, jti = id, nbf = validFrom), so any JOSE library can check it offline.
 */
export async function signVc(key: SigningKey, credential: SignableCredential): Promise<string> {
  return new SignJWT({ ...credential })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: TOKEN_TYPE })
    .setIssuer(credential.issuer.id)
    .setJti(credential.id)
    .setNotBefore(Math.floor(Date.parse(credential.validFrom) / 1000))
    .sign(key.privateKey);
}

/** Builds and signs a certificate's credential. */
export async function signCredential(key: SigningKey, input: CredentialInput): Promise<{ credential: OpenBadgeCredential; jwt: string }> {
  const credential = buildCredential(input);
  return { credential, jwt: await signVc(key, credential) };
}

export type VerificationFailure = 'malformed' | 'unknown_key' | 'bad_signature' | 'not_yet_valid' | 'expired';

export type VerificationResult =
  | { valid: true; credential: Record<string, unknown> & { type: string[] }; kid: string | undefined }
  | { valid: false; reason: VerificationFailure };

function failureReason(error: unknown): VerificationFailure {
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'unknown_key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') return 'not_yet_valid';
  return 'malformed';
}

const isCredential = (payload: Record<string, unknown>): payload is Record<string, unknown> & { type: string[] } =>
  Array.isArray(payload['type']) && payload['type'].includes('VerifiableCredential');

/**
 * Checks a VC-JWT against published keys: the signature, the algorithm and token type (no `alg: none`
 * or HMAC confusion), the validity window, and that the payload is a credential. Never throws for bad
 * input, because the verification API answers every token with a verdict.
 */
export async function verifyCredential(jwt: string, jwks: JSONWebKeySet, now: Date = new Date()): Promise<VerificationResult> {
  try {
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), {
      algorithms: [ALGORITHM],
      typ: TOKEN_TYPE,
      currentDate: now,
    });
    if (!isCredential(payload)) return { valid: false, reason: 'malformed' };
    return { valid: true, credential: payload, kid: protectedHeader.kid };
  } catch (error) {
    return { valid: false, reason: failureReason(error) };
  }
}

/**
 * A revocation bitstring, GZIP-compressed, base64url-encoded with the multibase "u" prefix, as the
 * W3C Bitstring Status List requires: index 0 is the most significant (left-most) bit of the first byte.
 */
export function encodeStatusList(revokedIndexes: Iterable<number>, size = STATUS_LIST_SIZE): string {
  if (!Number.isInteger(size) || size <= 0 || size % 8 !== 0) throw new RangeError(`A status list size must be a positive multiple of 8, not ${size}`);
  const bits = new Uint8Array(size / 8);
  for (const index of revokedIndexes) {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`Status list index ${index} is outside 0..${size - 1}`);
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The raw bitstring of an `encodedList`. */
export function decodeStatusList(encodedList: string): Uint8Array {
  if (!encodedList.startsWith('u')) throw new Error('An encodedList must be multibase base64url (prefix "u")');
  return new Uint8Array(gunzipSync(Buffer.from(encodedList.slice(1), 'base64url')));
}

/** Whether the bit at `index` is set; an index beyond the list is an error, not "valid". */
export function isRevoked(encodedList: string | Uint8Array, index: number): boolean {
  const bits = typeof encodedList === 'string' ? decodeStatusList(encodedList) : encodedList;
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) throw new RangeError(`Status list index ${index} is outside the list`);
  return ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

export interface StatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: { id: string; type: ['Profile']; name: string };
  validFrom: string;
  credentialSubject: { id: string; type: 'BitstringStatusList'; statusPurpose: 'revocation'; encodedList: string };
}

export interface StatusListInput {
  /** The URL the list is published at; certificates point to it in `statusListCredential`. */
  id: string;
  issuer: { id: string; name: string };
  validFrom: Date;
  revokedIndexes: Iterable<number>;
  size?: number;
}

/** The centre's revocation list as a signed BitstringStatusListCredential. */
export async function signStatusListCredential(key: SigningKey, input: StatusListInput): Promise<{ credential: StatusListCredential; jwt: string }> {
  const credential: StatusListCredential = {
    '@context': [VC_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name },
    validFrom: input.validFrom.toISOString(),
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: encodeStatusList(input.revokedIndexes, input.size),
    },
  };
  return { credential, jwt: await signVc(key, credential) };
}
