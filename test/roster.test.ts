import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, signedInPerson, signedInStaff } from './harness/factories.ts';
import { buildRosterCsv } from './harness/cities.ts';

let ctx: TestContext;
let coordinator: Awaited<ReturnType<typeof signedInStaff>>;
beforeAll(async () => {
  ctx = await createTestContext();
  coordinator = await signedInStaff(ctx);
});
afterAll(() => ctx.close());

const HEADER = 'name,name_native,email,city,country,time_zone,locale,organisation,position,role';
const importCsv = async (cohortId: string, csv: string) => {
  return coordinator.request('POST', `/api/cohorts/${cohortId}/roster`, { body: csv, headers: { 'content-type': 'text/csv' } });
};
const newCohort = async () => createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
const counts = async () => ({ people: await countRows(ctx.deps.db, 'people'), enrolments: await countRows(ctx.deps.db, 'enrolments') });

describe('a good roster', () => {
  it('1,000 officials of the cohort cities import in one go; legacy zones are stored canonical', async () => {
    const cohort = await newCohort();
    const csv = buildRosterCsv(998, `good${Date.now()}`) + [
      'Olena Kovalenko,Олена Коваленко,olena.kovalenko@kyiv.test,Kyiv,UA,Europe/Kiev,uk,Kyiv City State Administration,Smart city lead,participant',
      'Priya Sharma,प्रिया शर्मा,priya.sharma@delhi.test,Delhi,IN,Asia/Calcutta,en,Municipal Corporation of Delhi,Engineer,lecturer',
    ].join('\n');
    const response = await importCsv(cohort.id, csv);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ rows: 1000, peopleCreated: 1000, peopleUpdated: 0, enrolmentsCreated: 1000, enrolmentsUpdated: 0 });
    expect(response.body.canonicalisedZones).toEqual([
      { row: 1000, from: 'Europe/Kiev', to: 'Europe/Kyiv' },
      { row: 1001, from: 'Asia/Calcutta', to: 'Asia/Kolkata' },
    ]);
    const stored = await ctx.deps.db.selectFrom('people').select(['time_zone', 'name_native']).where('email', 'in', ['olena.kovalenko@kyiv.test', 'priya.sharma@delhi.test']).orderBy('email').execute();
    expect(stored).toEqual([{ time_zone: 'Europe/Kyiv', name_native: 'Олена Коваленко' }, { time_zone: 'Asia/Kolkata', name_native: 'प्रिया शर्मा' }]);
    const enrolled = await ctx.deps.db.selectFrom('enrolments').select((eb) => eb.fn.countAll<number>().as('n')).where('cohort_id', '=', cohort.id).executeTakeFirstOrThrow();
    expect(Number(enrolled.n)).toBe(1000);
  });

  it('importing the same people again updates them instead of duplicating', async () => {
    const cohort = await newCohort();
    const csv = `${HEADER}\nMona Abdel-Rahman,منى عبد الرحمن,mona@cairo.test,Cairo,EG,Africa/Cairo,ar,Cairo Governorate,Planner,participant\n`;
    await importCsv(cohort.id, csv);
    const again = await importCsv(cohort.id, csv.replace('Planner', 'Head of planning').replace(',participant', ',observer'));
    expect(again.body).toMatchObject({ peopleCreated: 0, peopleUpdated: 1, enrolmentsCreated: 0, enrolmentsUpdated: 1 });
    const row = await ctx.deps.db.selectFrom('people').innerJoin('enrolments', 'enrolments.person_id', 'people.id').select(['position', 'role']).where('email', '=', 'mona@cairo.test').executeTakeFirstOrThrow();
    expect(row).toEqual({ position: 'Head of planning', role: 'observer' });
  });

  it('columns may come in any order and case, and a multipart upload works too', async () => {
    const cohort = await newCohort();
    const form = new FormData();
    form.append('file', new File([`Email,Time_Zone,Country,Name\nthabo@joburg.test,Africa/Johannesburg,ZA,Thabo Nkosi\n`], 'roster.csv', { type: 'text/csv' }));
    const response = await coordinator.request('POST', `/api/cohorts/${cohort.id}/roster`, { body: form });
    expect(response.status).toBe(200);
    expect(response.body.peopleCreated).toBe(1);
  });
});

describe('a roster with mistakes', () => {
  it('one bad row among many imports nothing and names the row and column', async () => {
    const cohort = await newCohort();
    const lines = buildRosterCsv(500, `onebad${Date.now()}`).trim().split('\n');
    lines[250] = lines[250]!.replace(/,[A-Za-z_/]+,en,/, ',UTC+3,en,');
    const before = await counts();
    const response = await importCsv(cohort.id, lines.join('\n'));
    expect(response.status).toBe(400);
    expect(response.body.detail).toBe('1 problem(s) in 1 row(s); nothing was imported');
    expect(response.body.errors).toEqual([{ row: 251, field: 'time_zone', message: expect.stringContaining('"UTC+3" is an offset') }]);
    expect(await counts()).toEqual(before);
  });

  it('every problem is listed: abbreviations, bad e-mails, duplicates, unknown countries, roles and locales, empty cells', async () => {
    const cohort = await newCohort();
    const csv = [
      HEADER,
      'Ana Lucía Pérez,,ana@guatemala.test,Guatemala City,GT,EST,es,,,participant',
      'Carlos Mamani,,carlos@lapaz,La Paz,BO,America/La_Paz,es,,,participant',
      'Camila Muñoz,,camila@santiago.test,Santiago,CL,America/Santiago,es,,,participant',
      'Camila Muñoz,,CAMILA@santiago.test,Santiago,CL,America/Santiago,es,,,participant',
      'Jordi Puig,,jordi@barcelona.test,Barcelona,XX,Europe/Madrid,es,,,participant',
      'Sanne de Vries,,sanne@amsterdam.test,Amsterdam,NL,Europe/Amsterdam,nl,,,guest',
      ',,nobody@nowhere.test,Nowhere,NL,Europe/Amsterdam,!!,,,participant',
    ].join('\n');
    const before = await counts();
    const response = await importCsv(cohort.id, csv);
    expect(response.status).toBe(400);
    const problems = response.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`);
    expect(problems).toEqual(['2:time_zone', '3:email', '4:email', '5:email', '6:country', '7:role', '8:name', '8:locale']);
    expect(response.body.errors[0].message).toContain('abbreviation');
    expect(response.body.errors[2].message).toContain('appears twice (also row 5)');
    expect(await counts()).toEqual(before);
  });

  it('a missing required column is named at row 1; an empty file or a wrong content type is refused', async () => {
    const cohort = await newCohort();
    const missing = await importCsv(cohort.id, 'name,email,country\nA,a@b.test,KR\n');
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ row: 1, field: 'time_zone', message: 'the required column "time_zone" is missing' }]);
    expect((await importCsv(cohort.id, '')).status).toBe(400);
    expect((await importCsv(cohort.id, `${HEADER}\n`)).body.errors[0].field).toBe('file');
    const json = await coordinator.post(`/api/cohorts/${cohort.id}/roster`, { rows: [] });
    expect(json.status).toBe(400);
    expect(json.body.errors[0].field).toBe('content-type');
  });
});

describe('who may import', () => {
  it('signed out 401, a participant 403, an unknown or archived cohort 404 or 409', async () => {
    const cohort = await newCohort();
    const csv = `${HEADER}\nA B,,ab@seoul.test,Seoul,KR,Asia/Seoul,ko,,,participant\n`;
    expect((await ctx.client().request('POST', `/api/cohorts/${cohort.id}/roster`, { body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(401);
    const participant = await signedInPerson(ctx, (await createPerson(ctx.deps.db)).id);
    expect((await participant.request('POST', `/api/cohorts/${cohort.id}/roster`, { body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(403);
    expect((await importCsv('00000000-0000-4000-8000-000000000000', csv)).status).toBe(404);
    await ctx.deps.db.updateTable('cohorts').set({ status: 'archived' }).where('id', '=', cohort.id).execute();
    const before = await counts();
    expect((await importCsv(cohort.id, csv)).status).toBe(409);
    expect(await counts()).toEqual(before);
  });
});
