import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers } from '../worker/workers.ts';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, enrol } from './harness/factories.ts';
import { startSmtpSink } from './harness/smtp-sink.ts';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: ReturnType<typeof startWorkers>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
  workers = startWorkers(ctx.deps);
});
afterAll(async () => {
  await workers.close();
  await ctx.close();
  await smtp.close();
});

const ask = (email: unknown, address = '203.0.113.7') => ctx.client().post('/api/auth/magic-links/request', { email }, { headers: { 'x-forwarded-for': address } });

describe('asking for a new sign-in link', () => {
  it('mails a known participant a fresh link that signs them in; an unknown address gets the same answer and no mail', async () => {
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    const person = await createPerson(ctx.deps.db, { email: 'Lucia.Mondlane@maputo.test', nameLatin: 'Lúcia Mondlane', city: 'Maputo', country: 'MZ', timeZone: 'Africa/Maputo', locale: 'pt' });
    await enrol(ctx.deps.db, cohort.id, person.id);
    const known = await ask('lucia.mondlane@maputo.test');
    const unknown = await ask('nobody@nowhere.test');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    await smtp.waitFor(1);
    const mail = smtp.to('Lucia.Mondlane@maputo.test')[0]!;
    const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const browser = ctx.client();
    expect((await browser.post('/api/auth/magic-links/redeem', { token })).status).toBe(200);
    expect((await browser.get('/api/me')).body.person).toMatchObject({ id: person.id });
    expect(smtp.to('nobody@nowhere.test')).toEqual([]);
  });

  it('sends at most three links an hour to one address, and limits one network address; a malformed address is a 400', async () => {
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    const person = await createPerson(ctx.deps.db, { email: 'aziz@tashkent.test' });
    await enrol(ctx.deps.db, cohort.id, person.id);
    for (let i = 0; i < 5; i++) expect((await ask('aziz@tashkent.test', '198.51.100.1')).status).toBe(202);
    await expect.poll(async () => Number((await ctx.deps.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('person_id', '=', person.id).where('kind', '=', 'sign_in_link').executeTakeFirstOrThrow()).n)).toBe(3);
    const before = await countRows(ctx.deps.db, 'notifications');
    const malformed = await ask('not-an-address');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('email');
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) last = (await ask(`someone${i}@x.test`, '192.0.2.55')).status;
    expect(last).toBe(429);
    expect(await countRows(ctx.deps.db, 'notifications')).toBe(before);
  });
});
