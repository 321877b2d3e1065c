import { createHash, verify as cryptoVerify, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { ManualClock } from '../server/clock.ts';
import { isRevoked } from '../server/certificates/credential.ts';
import { warnPeopleAtRisk } from '../server/domain/completion/at-risk.service.ts';
import { relayChannel } from '../server/realtime/relay.ts';
import { startWorkers } from '../worker/workers.ts';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createPerson, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';
import { cohortWithLectures, officials, presence, recordPresence } from './harness/completion.factories.ts';
import { startSmtpSink } from './harness/smtp-sink.ts';

const clock = new ManualClock('2026-07-17T00:00:00Z');
let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: ReturnType<typeof startWorkers>;
const pushes: { event: string; payload: { done: number; total: number; status: string } }[] = [];
let subscriber: import('ioredis').Redis;

beforeAll(async () => {
  smtp = await startSmtpSink();
  ctx = await createTestContext({ clock, env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://livecohort.example.org' } });
  workers = startWorkers(ctx.deps);
  subscriber = ctx.deps.redis.duplicate();
  subscriber.on('message', (_channel: string, message: string) => pushes.push(JSON.parse(message)));
  await subscriber.subscribe(relayChannel(ctx.config.REDIS_PREFIX));
});
afterAll(async () => {
  await subscriber.quit();
  await workers.close();
  await ctx.close();
  await smtp.close();
});

/**
 * Four 90-minute lectures (14–20 July) and six officials: all 360 minutes; exactly 80 % (288); one
 * minute under (287); the whole programme but a third of their own city's required lecture 2; two lectures; none.
 */
async function cohortWithAttendance() {
  const { cohort, lectures } = await cohortWithLectures(ctx.deps.db, 4);
  const people = [];
  for (const [i, official] of officials.entries()) {
    const person = await createPerson(ctx.deps.db, { ...official, nameNative: official.nameNative ?? undefined, email: `${official.nameLatin.split(' ')[0]!.toLowerCase()}.${i}.${cohort.id.slice(0, 6)}@city.test`, locale: i === 3 ? 'es' : 'en' });
    await enrol(ctx.deps.db, cohort.id, person.id);
    people.push(person);
  }
  const minutes = [
    [90, 90, 90, 90],
    [72, 72, 72, 72],
    [90, 90, 90, 17],
    [90, 30, 90, 90],
    [90, 90, 0, 0],
    [0, 0, 0, 0],
  ];
  const rows = people.flatMap((person, i) => lectures.flatMap((lecture, j) => (minutes[i]![j]! > 0 ? presence(lecture, person.id, minutes[i]![j]!) : [])));
  await recordPresence(ctx.deps.db, rows);
  const coordinator = await signedInStaff(ctx);
  const policy = await coordinator.put(`/api/cohorts/${cohort.id}/completion-policy`, {
    minimumShareOfLiveMinutes: 0.8,
    personRequirements: [{ personId: people[3]!.id, sessionIds: [lectures[1]!.id] }],
  });
  expect(policy.status).toBe(200);
  return { cohort, lectures, people, coordinator };
}

const statusesOf = async (client: Awaited<ReturnType<typeof signedInStaff>>, cohortId: string) =>
  Object.fromEntries(((await client.get(`/api/cohorts/${cohortId}/completion`)).body.items as { name: string; status: string }[]).map((i) => [i.name, i.status]));

describe('completion', () => {
  it('mid-programme: on track, at risk with what is needed (one e-mail, however often it runs), or already out of reach', async () => {
    clock.set('2026-07-17T00:00:00Z'); // lectures 1 and 2 are over
    const { cohort, coordinator, people } = await cohortWithAttendance();
    const items = (await coordinator.get(`/api/cohorts/${cohort.id}/completion`)).body.items as { name: string; status: string; needs: { sessions: number; minutes: number }; missingRequired: string[] }[];
    const byName = Object.fromEntries(items.map((i) => [i.name, i]));
    expect(byName['Ahmed Abdelrahman']!.status).toBe('on_track');
    expect(byName['José Ramírez Núñez']).toMatchObject({ status: 'at_risk', missingRequired: [expect.any(String)] });
    expect(byName['Somchai Jaidee']!.status).toBe('on_track');
    // 288 minutes needed, 180 left: out of reach already.
    expect(byName['Olena Shevchenko']).toMatchObject({ status: 'not_completed', needs: { minutes: 288 } });
    const context = { now: clock.now(), domain: 'livecohort.example.org', settings: { reconnectGraceSeconds: 60, closeGraceMinutes: 15 } };
    await warnPeopleAtRisk(ctx.deps, cohort.id, context);
    await warnPeopleAtRisk(ctx.deps, cohort.id, context);
    const warnings = await ctx.deps.db.selectFrom('notifications').select('person_id').where('cohort_id', '=', cohort.id).where('kind', '=', 'at_risk').execute();
    // Karimov, at exactly 80 % so far, needs 144 of the 180 minutes left: at risk too.
    expect(byName['Dilshod Karimov']).toMatchObject({ status: 'at_risk', needs: { minutes: 144 } });
    expect(warnings.map((w) => w.person_id).sort()).toEqual([people[1]!.id, people[3]!.id].sort());
    await expect.poll(() => smtp.to(people[3]!.email).length, { timeout: 20_000 }).toBe(1);
    const mail = smtp.to(people[3]!.email)[0]!;
    expect(mail.subject).toContain('Todavía puede completar');
    expect(mail.text).toContain('Lecture 2');
    // A participant sees only their own status.
    const own = await (await signedInPerson(ctx, people[3]!.id)).get(`/api/cohorts/${cohort.id}/completion`);
    expect(own.body.items.map((i: { personId: string }) => i.personId)).toEqual([people[3]!.id]);
  });

  it('after the programme: exactly at the threshold completes, one minute under does not, a missed required session does not, and an override or a make-up changes that', async () => {
    clock.set('2026-08-10T00:00:00Z');
    const { cohort, lectures, people, coordinator } = await cohortWithAttendance();
    expect(await statusesOf(coordinator, cohort.id)).toEqual({
      'Ahmed Abdelrahman': 'completed',
      'Dilshod Karimov': 'completed',
      'Wang Xiaoming': 'not_completed',
      'José Ramírez Núñez': 'not_completed',
      'Somchai Jaidee': 'not_completed',
      'Olena Shevchenko': 'not_completed',
    });
    await coordinator.post(`/api/sessions/${lectures[3]!.id}/attendance/${people[2]!.id}/override`, { minutes: 18, reason: 'the connection in Chengdu dropped before the end' });
    const makeUp = await coordinator.post(`/api/sessions/${lectures[1]!.id}/make-ups`, { personId: people[3]!.id, reason: 'watched the recording and sent a written summary' });
    expect(makeUp.status).toBe(201);
    expect((await coordinator.post(`/api/sessions/${lectures[1]!.id}/make-ups`, { personId: people[3]!.id, reason: 'again' })).status).toBe(409);
    const statuses = await statusesOf(coordinator, cohort.id);
    expect(statuses['Wang Xiaoming']).toBe('completed');
    expect(statuses['José Ramírez Núñez']).toBe('completed');
  });

  it('bad policies and make-ups are refused, naming what is wrong, and change nothing', async () => {
    clock.set('2026-07-15T00:00:00Z');
    const { cohort, lectures, coordinator, people } = await cohortWithAttendance();
    const before = (await coordinator.get(`/api/cohorts/${cohort.id}/completion-policy`)).body;
    const stray = await coordinator.put(`/api/cohorts/${cohort.id}/completion-policy`, { requiredSessionIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(stray.status).toBe(422);
    expect(stray.body.errors).toEqual([{ field: 'requiredSessionIds.0', message: 'not a session of this cohort' }]);
    const share = await coordinator.put(`/api/cohorts/${cohort.id}/completion-policy`, { minimumShareOfLiveMinutes: 80 });
    expect(share.status).toBe(400);
    expect(share.body.errors[0].field).toBe('minimumShareOfLiveMinutes');
    expect((await coordinator.get(`/api/cohorts/${cohort.id}/completion-policy`)).body).toEqual(before);
    const early = await coordinator.post(`/api/sessions/${lectures[3]!.id}/make-ups`, { personId: people[0]!.id, reason: 'not yet' });
    expect(early.status).toBe(422);
    expect((await (await signedInPerson(ctx, people[0]!.id)).put(`/api/cohorts/${cohort.id}/completion-policy`, { minimumShareOfLiveMinutes: 0.1 })).status).toBe(403);
    expect(await countRows(ctx.deps.db, 'make_ups')).toBeGreaterThanOrEqual(0);
  });
});

describe('certificates', () => {
  it('bulk issuance: one per completed participant, with live progress; verification, the credential, revocation and correction', async () => {
    clock.set('2026-08-10T00:00:00Z');
    const { cohort, people, coordinator } = await cohortWithAttendance();
    const started = await coordinator.post(`/api/cohorts/${cohort.id}/certificates/issue`);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', total: 2, done: 0 });
    await expect.poll(async () => (await coordinator.get(`/api/issuance-runs/${started.body.id}`)).body.status, { timeout: 20_000 }).toBe('done');
    const final = pushes.filter((p) => p.event === 'certificates:progress').at(-1)!;
    expect(final.payload).toMatchObject({ done: 2, total: 2, status: 'done' });
    // Issuing again adds nothing.
    const again = await coordinator.post(`/api/cohorts/${cohort.id}/certificates/issue`);
    await expect.poll(async () => (await coordinator.get(`/api/issuance-runs/${again.body.id}`)).body.status, { timeout: 20_000 }).toBe('done');
    const listed = await coordinator.get(`/api/cohorts/${cohort.id}/certificates`);
    expect(listed.body.items).toHaveLength(2);
    const cairo = listed.body.items.find((c: { personId: string }) => c.personId === people[0]!.id);
    expect(cairo.number).toMatch(/^LC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(cairo).toMatchObject({ status: 'valid', name: { latin: 'Ahmed Abdelrahman', native: 'أحمد عبد الرحمن' }, hoursAttended: 6 });

    // Each holder is told by e-mail, with the public verification link.
    await expect.poll(() => smtp.to(people[0]!.email).filter((m) => m.subject === 'Your certificate: Smart City Governance and Digital Transformation').length, { timeout: 20_000 }).toBe(1);
    expect(smtp.to(people[0]!.email).find((m) => m.subject.startsWith('Your certificate'))!.text).toContain(`https://livecohort.example.org/verify/${cairo.number}`);
    // The holder downloads the PDF, whose digest is the one stored; another participant cannot.
    const holder = await signedInPerson(ctx, people[0]!.id);
    const pdf = await holder.request('GET', `/api/certificates/${cairo.number}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await (await ctx.app.request(`/api/certificates/${cairo.number}/pdf`, { headers: { cookie: `lc_session=${holder.cookies.get('lc_session')}` } })).arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(cairo.pdfSha256);
    expect((await (await signedInPerson(ctx, people[1]!.id)).get(`/api/certificates/${cairo.number}/pdf`)).status).toBe(404);

    // Anyone verifies it without signing in, and learns nothing else about the person.
    const verified = await ctx.client().get(`/api/certificates/${cairo.number}`);
    expect(verified.body).toMatchObject({ status: 'valid', programme: 'Smart City Governance and Digital Transformation', cohort: { firstDay: '2026-07-13', lastDay: '2026-08-07' }, issuer: 'Seoul Human Resources Development Center' });
    expect(JSON.stringify(verified.body)).not.toMatch(/@|personId|pdfSha256/);
    const page = await ctx.app.request(`/verify/${cairo.number}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Valid certificate');
    expect(html).toContain('أحمد عبد الرحمن');

    // The credential verifies offline with the published key, by two independent implementations.
    const jwt = await (await ctx.app.request(`/api/certificates/${cairo.number}/credential`, { headers: { cookie: `lc_session=${holder.cookies.get('lc_session')}` } })).text();
    const keys = (await (await ctx.app.request('/.well-known/jwks.json')).json()) as { keys: { x: string; kid: string }[] };
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(keys as never));
    expect(payload).toMatchObject({ type: ['VerifiableCredential', 'OpenBadgeCredential'], credentialSubject: { identifier: [{ identityHash: 'أحمد عبد الرحمن' }, { identityHash: 'Ahmed Abdelrahman' }] } });
    const [header, body, signature] = jwt.split('.');
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keys.keys[0]!.x }, format: 'jwk' });
    expect(cryptoVerify(null, Buffer.from(`${header}.${body}`), publicKey, Buffer.from(signature!, 'base64url'))).toBe(true);
    const tampered = Buffer.from(body!, 'base64url');
    tampered[10] = tampered[10]! ^ 1;
    expect(cryptoVerify(null, Buffer.from(`${header}.${tampered.toString('base64url')}`), publicKey, Buffer.from(signature!, 'base64url'))).toBe(false);

    // Revoked: online and in the published status list.
    const revoked = await coordinator.post(`/api/certificates/${cairo.number}/revoke`, { reason: 'issued in error' });
    expect(revoked.body).toMatchObject({ status: 'revoked', revoked: { at: '2026-08-10T00:00:00.000Z', reason: 'issued in error' } });
    expect((await ctx.client().get(`/api/certificates/${cairo.number}`)).body.status).toBe('revoked');
    expect((await coordinator.post(`/api/certificates/${cairo.number}/revoke`, { reason: 'twice' })).status).toBe(409);
    const list = await (await ctx.app.request('/credentials/status/revocation')).text();
    const listPayload = (await jwtVerify(list, createLocalJWKSet(keys as never))).payload as { credentialSubject: { encodedList: string } };
    const index = Number((decodeJwt(jwt) as { credentialStatus: { statusListIndex: string } }).credentialStatus.statusListIndex);
    expect(isRevoked(listPayload.credentialSubject.encodedList, index)).toBe(true);
    const other = listed.body.items.find((c: { personId: string }) => c.personId === people[1]!.id);
    const otherIndex = Number((decodeJwt(await (await ctx.app.request(`/api/certificates/${other.number}/credential`, { headers: { cookie: `lc_session=${coordinator.cookies.get('lc_session')}` } })).text()) as { credentialStatus: { statusListIndex: string } }).credentialStatus.statusListIndex);
    expect(isRevoked(listPayload.credentialSubject.encodedList, otherIndex)).toBe(false);

    // Corrected: the misspelled name is fixed, the old number verifies as replaced and points to the new one.
    const corrected = await coordinator.post(`/api/certificates/${other.number}/reissue`, { nameLatin: 'Dilshod Karimov Jr.' });
    expect(corrected.status).toBe(201);
    expect(corrected.body.replaced).toMatchObject({ number: other.number, status: 'replaced', replacedBy: corrected.body.current.number });
    expect(corrected.body.current).toMatchObject({ status: 'valid', name: { latin: 'Dilshod Karimov Jr.' } });
    const oldPage = await (await ctx.app.request(`/verify/${other.number}`)).text();
    expect(oldPage).toContain(`/verify/${corrected.body.current.number}`);
    // A ministry in Cairo or Tashkent reads it in its own language.
    const arabic = await (await ctx.app.request(`/verify/${corrected.body.current.number}`, { headers: { 'accept-language': 'ar-EG,ar;q=0.9,en;q=0.5' } })).text();
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).toContain('شهادة صالحة');
    const russian = await (await ctx.app.request(`/verify/${corrected.body.current.number}?lang=ru`)).text();
    expect(russian).toContain('Сертификат действителен');
    expect(russian).toContain('Dilshod Karimov Jr.');
    expect((await coordinator.post(`/api/certificates/${other.number}/reissue`, { nameLatin: 'Again' })).status).toBe(409);
  });

  it('refuses to issue for an incomplete enrolment, a name no font can print, and a malformed number, changing nothing', async () => {
    clock.set('2026-08-10T00:00:00Z');
    const { cohort, people, coordinator } = await cohortWithAttendance();
    const before = await countRows(ctx.deps.db, 'certificates');
    const enrolment = await ctx.deps.db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohort.id).where('person_id', '=', people[4]!.id).executeTakeFirstOrThrow();
    const incomplete = await coordinator.post(`/api/enrolments/${enrolment.id}/certificate`);
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.detail).toContain('Somchai Jaidee has not completed the programme (not completed): needs 108 more minutes');
    const cherokee = await ctx.deps.db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohort.id).where('person_id', '=', people[0]!.id).executeTakeFirstOrThrow();
    await ctx.deps.db.updateTable('people').set({ name_native: 'ᏣᎳᎩ' }).where('id', '=', people[0]!.id).execute();
    const unprintable = await coordinator.post(`/api/enrolments/${cherokee.id}/certificate`);
    expect(unprintable.status).toBe(422);
    expect(unprintable.body.detail).toContain('U+13E3');
    expect(await countRows(ctx.deps.db, 'certificates')).toBe(before);
    const malformed = await ctx.client().get('/api/certificates/not-a-number');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'number', message: 'expected LC-XXXX-XXXX-XXXX' }]);
    const unknown = await ctx.client().get('/api/certificates/LC-0000-0000-0000');
    expect(unknown.body).toEqual({ number: 'LC-0000-0000-0000', status: 'unknown' });
    expect((await ctx.app.request('/verify/LC-0000-0000-0000')).status).toBe(404);
    expect((await coordinator.post('/api/certificates/LC-0000-0000-0000/revoke', { reason: 'nothing' })).status).toBe(404);
  });

  it('verification is rate-limited per address against enumeration', async () => {
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i++) last = (await ctx.client().get('/api/certificates/LC-0000-0000-0001')).status;
    expect(last).toBe(429);
    const page = await ctx.app.request('/verify/LC-0000-0000-0001');
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
