import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  decodeStatusList,
  encodeStatusList,
  exportSigningKeyPem,
  isRevoked,
  loadSigningKey,
  publicJwks,
  signCredential,
  signStatusListCredential,
  verifyCredential,
  type CredentialInput,
} from '../server/certificates/credential.ts';

const centre = { id: 'https://livecohort.example.org', name: 'Seoul Human Resources Development Center' };
const statusList = 'https://livecohort.example.org/credentials/status/1';

const input: CredentialInput = {
  id: 'https://livecohort.example.org/api/certificates/LC-CAIR-7Q2M-9XKA',
  issuer: centre,
  names: ['أحمد عبد الرحمن', 'Ahmed Abdelrahman'],
  achievement: {
    id: 'https://livecohort.example.org/programmes/smart-city-governance',
    name: 'Smart City Governance and Digital Transformation',
    description: 'A four-week live online programme for city officials.',
    criteria: 'Attended at least 75% of the scheduled live minutes, including the participant city presentation.',
  },
  validFrom: new Date('2026-08-10T00:00:00Z'),
  status: { listCredential: statusList, index: 7 },
};

/** Verifies a compact EdDSA JWS with node:crypto alone: no jose, none of our code. */
function verifiedByNodeCrypto(jwt: string, jwk: object): boolean {
  const [header, payload, signature] = jwt.split('.');
  const publicKey = createPublicKey({ key: { ...jwk }, format: 'jwk' });
  return verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature ?? '', 'base64url'));
}

function decodePart(jwt: string, part: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[part] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The same token with one byte of the payload changed (a digit of the status index). */
function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const json = Buffer.from(payload ?? '', 'base64url').toString('utf8').replace('"statusListIndex":"7"', '"statusListIndex":"8"');
  return `${header}.${Buffer.from(json).toString('base64url')}.${signature}`;
}

describe('Open Badges credential', () => {
  const key = loadSigningKey(undefined);
  const jwks = publicJwks(key);
  const jwk = jwks.keys[0]!;

  it('is an OpenBadgeCredential with the names, achievement and a revocation status entry, and no e-mail', async () => {
    const { jwt } = await signCredential(key, input);
    const payload = decodePart(jwt, 1);
    expect(payload['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(payload['type']).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(payload).toMatchObject({
      iss: centre.id,
      jti: input.id,
      nbf: Date.parse('2026-08-10T00:00:00Z') / 1000,
      validFrom: '2026-08-10T00:00:00.000Z',
      issuer: { id: centre.id, type: ['Profile'], name: centre.name },
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [
          { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'أحمد عبد الرحمن' },
          { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Ahmed Abdelrahman' },
        ],
        achievement: { type: ['Achievement'], name: input.achievement.name, criteria: { narrative: input.achievement.criteria } },
      },
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7', statusListCredential: statusList },
    });
    expect(JSON.stringify(payload)).not.toMatch(/[\w.+-]+@[\w-]+\.\w+/);
    expect(decodePart(jwt, 0)).toEqual({ alg: 'EdDSA', kid: key.kid, typ: 'vc+jwt' });
  });

  it('verifies with node:crypto on the raw JWS and with jose against the published JWKS', async () => {
    const { jwt } = await signCredential(key, input);
    expect(verifiedByNodeCrypto(jwt, jwk)).toBe(true);
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    expect(protectedHeader.kid).toBe(key.kid);
    expect(payload['id']).toBe(input.id);
    expect(await verifyCredential(jwt, jwks)).toMatchObject({ valid: true, kid: key.kid, credential: { id: input.id } });
  });

  it('fails every verifier after one byte of the payload changes', async () => {
    const forged = tamper((await signCredential(key, input)).jwt);
    expect(decodePart(forged, 1)['credentialStatus']).toMatchObject({ statusListIndex: '8' });
    expect(verifiedByNodeCrypto(forged, jwk)).toBe(false);
    await expect(jwtVerify(forged, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] })).rejects.toThrow(/signature verification failed/);
    expect(await verifyCredential(forged, jwks)).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it('does not verify against another centre key, nor garbage, nor before it is valid', async () => {
    const { jwt } = await signCredential(key, input);
    const otherKeys = publicJwks(loadSigningKey(undefined));
    expect(await verifyCredential(jwt, otherKeys)).toEqual({ valid: false, reason: 'unknown_key' });
    expect(await verifyCredential('not.a.jwt', jwks)).toEqual({ valid: false, reason: 'malformed' });
    expect(await verifyCredential(jwt, jwks, new Date('2026-08-09T00:00:00Z'))).toEqual({ valid: false, reason: 'not_yet_valid' });
  });

  it('keeps its key id and verifying power when the key is stored as PEM and loaded again', async () => {
    const reloaded = loadSigningKey(exportSigningKeyPem(key));
    expect(reloaded.kid).toBe(key.kid);
    const { jwt } = await signCredential(reloaded, input);
    expect(await verifyCredential(jwt, jwks)).toMatchObject({ valid: true });
  });

  it('refuses a signing key that is not Ed25519', () => {
    const x25519Pem = generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadSigningKey(x25519Pem)).toThrow(/must be Ed25519, not x25519/);
  });
});

describe('Bitstring Status List', () => {
  const key = loadSigningKey(undefined);

  it('marks exactly the revoked indexes, most significant bit first', () => {
    const encoded = encodeStatusList([7, 130_000]);
    expect(encoded.startsWith('u')).toBe(true);
    const bits = decodeStatusList(encoded);
    expect(bits.length).toBe(131_072 / 8);
    // Read independently of isRevoked: index 7 is the last bit of byte 0, 130000 bit 0 of byte 16250.
    expect(bits[0]).toBe(0b0000_0001);
    expect(bits[16_250]).toBe(0b1000_0000);
    const set = [...bits.keys()].flatMap((byte) => [0, 1, 2, 3, 4, 5, 6, 7].filter((bit) => ((bits[byte] ?? 0) >> (7 - bit)) & 1).map((bit) => byte * 8 + bit));
    expect(set).toEqual([7, 130_000]);
    expect(isRevoked(encoded, 7)).toBe(true);
    expect(isRevoked(encoded, 130_000)).toBe(true);
    expect(isRevoked(encoded, 8)).toBe(false);
    expect(isRevoked(encoded, 0)).toBe(false);
    expect(() => isRevoked(encoded, 131_072)).toThrow(RangeError);
  });

  it('is GZIP, as any gunzip reads it, and refuses indexes outside the list', () => {
    const raw = gunzipSync(Buffer.from(encodeStatusList([0]).slice(1), 'base64url'));
    expect(raw[0]).toBe(0b1000_0000);
    expect(() => encodeStatusList([131_072])).toThrow(RangeError);
    expect(() => encodeStatusList([-1])).toThrow(RangeError);
  });

  it('is published as a signed BitstringStatusListCredential that verifies and says which certificates are revoked', async () => {
    const { jwt } = await signStatusListCredential(key, { id: statusList, issuer: centre, validFrom: new Date('2026-08-11T00:00:00Z'), revokedIndexes: [7, 130_000] });
    const jwks = publicJwks(key);
    expect(verifiedByNodeCrypto(jwt, jwks.keys[0]!)).toBe(true);
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'], currentDate: new Date('2026-08-12T00:00:00Z') });
    expect(payload['type']).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    const subject = payload['credentialSubject'] as { type: string; statusPurpose: string; encodedList: string };
    expect(subject).toMatchObject({ type: 'BitstringStatusList', statusPurpose: 'revocation' });
    expect(isRevoked(subject.encodedList, 7)).toBe(true);
    expect(isRevoked(subject.encodedList, 6)).toBe(false);

    const certificate = await signCredential(key, input);
    const verified = await verifyCredential(certificate.jwt, jwks);
    expect(verified.valid).toBe(true);
    const index = Number(certificate.credential.credentialStatus.statusListIndex);
    expect(isRevoked(subject.encodedList, index)).toBe(true);
  });
});
