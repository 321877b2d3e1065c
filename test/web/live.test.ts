import { Temporal } from 'temporal-polyfill';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock.ts';
import { issueMagicLink } from '../../server/domain/auth/auth.service.ts';
import { createTestContext, type TestContext } from '../harness/context.ts';
import { createCohort, createPerson, createProgramme, createSession, createStaff, enrol, STAFF_PASSWORD } from '../harness/factories.ts';
import { contextOptions, ensureWebBuild, freePort, launchChromium, screenshot, screenshotFailures, seriousAccessibilityViolations, serveApp } from '../harness/browser.ts';
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import es from '../../web/src/i18n/es.json' with { type: 'json' };

let ctx: TestContext;
let server: Awaited<ReturnType<typeof serveApp>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const openPages: Page[] = [];

const seoulNow = () => Temporal.Now.zonedDateTimeISO('Asia/Seoul');
const wallClock = (at: Temporal.ZonedDateTime) => at.toPlainDateTime().toString({ smallestUnit: 'minute' });
const world = {} as {
  cohortId: string;
  past: { id: string; startsAt: Date };
  live: { id: string };
  lucia: { id: string };
  ana: { id: string };
  omar: { id: string };
  staff: { email: string };
};

async function newPage(options: Parameters<typeof contextOptions>[1] = {}): Promise<Page> {
  const context = await browser.newContext(contextOptions(server.url, options));
  contexts.push(context);
  const page = await context.newPage();
  openPages.push(page);
  return page;
}

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

async function signInAs(personId: string, options: Parameters<typeof contextOptions>[1]): Promise<Page> {
  const { token } = await issueMagicLink(ctx.deps.db, personId, { now: new Date(), ttlMinutes: 60 });
  const page = await newPage(options);
  await page.goto(`/sign-in#token=${token}`);
  await page.waitForURL(/\/programme$/);
  return page;
}

async function signInStaff(): Promise<Page> {
  const page = await newPage({ locale: 'en-GB', timezoneId: 'Asia/Seoul' });
  const answer = await page.request.post('/api/auth/sign-in', { data: { email: world.staff.email, password: STAFF_PASSWORD }, headers: { origin: server.url } });
  expect(answer.status()).toBe(200);
  return page;
}

/** Webhook evidence as the ledger stores it: a join and a leave `minutes` apart, from `after` minutes past the start. */
function joinedAndLeft(sessionId: string, personId: string, startsAt: Date, after: number, minutes: number) {
  const at = (m: number) => new Date(startsAt.getTime() + m * 60_000);
  const common = { session_id: sessionId, person_id: personId, source: 'webhook' as const, room_name: `session-${sessionId}`, participant_sid: `PA_${personId.slice(0, 8)}` };
  return [
    { ...common, kind: 'joined' as const, at: at(after), joined_at: at(after), ref: `EV_join_${personId}` },
    { ...common, kind: 'left' as const, at: at(after + minutes), joined_at: at(after), ref: `EV_left_${personId}` },
  ];
}

beforeAll(async () => {
  const [distDir, port] = await Promise.all([ensureWebBuild(), freePort()]);
  ctx = await createTestContext({ clock: systemClock, env: { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
  server = await serveApp(ctx, port, distDir);
  browser = await launchChromium();

  const db = ctx.deps.db;
  const today = seoulNow().toPlainDate();
  const cohort = await createCohort(db, (await createProgramme(db)).id, { title: 'Urban mobility 2026', firstDay: today.subtract({ days: 3 }).toString(), lastDay: today.add({ days: 10 }).toString() });
  const yesterday = seoulNow().subtract({ days: 1 }).with({ hour: 9, minute: 0 });
  const past = await createSession(db, cohort.id, { title: 'Seoul bus reform', localStart: wallClock(yesterday), durationMinutes: 60 });
  const live = await createSession(db, cohort.id, { title: 'Smart water, live', localStart: wallClock(seoulNow().add({ minutes: 5 })), durationMinutes: 60 });
  await db.updateTable('sessions').set({ interpretation_languages: ['es', 'fr'] }).where('id', '=', live.id).execute();
  const lucia = await createPerson(db, { nameLatin: 'Lucía Hernández', city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City', locale: 'es' });
  const ana = await createPerson(db, { nameLatin: 'Ana Macuácua', city: 'Maputo', country: 'MZ', timeZone: 'Africa/Maputo', locale: 'en' });
  const omar = await createPerson(db, { nameLatin: 'Omar Farouk', nameNative: 'عمر فاروق', city: 'Cairo', country: 'EG', timeZone: 'Africa/Cairo', locale: 'ar' });
  for (const person of [lucia, ana, omar]) await enrol(db, cohort.id, person.id);
  // Lucía was there the whole hour, Ana for its second half, Omar not at all.
  await db
    .insertInto('attendance_evidence')
    .values([...joinedAndLeft(past.id, lucia.id, past.starts_at, 0, 60), ...joinedAndLeft(past.id, ana.id, past.starts_at, 30, 30)])
    .execute();
  Object.assign(world, { cohortId: cohort.id, past: { id: past.id, startsAt: past.starts_at }, live, lucia, ana, omar, staff: await createStaff(db) });
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

screenshotFailures(openPages);

describe('live sessions in the web app: attendance, interpretation, team rooms, moderation, polls', () => {
  let coordinator: Page;
  let lucia: Page;

  it('the attendance heat map gives each cell its numbers in words; an override records its reason beside the computed value', async () => {
    coordinator = await signInStaff();
    await coordinator.goto(`/coordinator/cohorts/${world.cohortId}/attendance`);
    const map = coordinator.locator('table.heat-map');
    await map.waitFor();
    const cell = (personId: string) => map.locator(`button[data-person-id="${personId}"][data-session-id="${world.past.id}"]`);
    expect(await cell(world.lucia.id).textContent()).toContain('Lucía Hernández, Seoul bus reform: 60 of 60 minutes (100%)');
    expect(await cell(world.ana.id).textContent()).toContain('30 of 60 minutes (50%)');
    expect(await cell(world.omar.id).textContent()).toContain('0 of 60 minutes (0%)');
    expect(await cell(world.ana.id).getAttribute('class')).toContain('heat-2');
    await coordinator.getByRole('list', { name: en['attendance.legend'] }).getByText(en['attendance.level4']).waitFor();
    await screenshot(coordinator, 'attendance-heat-map');
    await expectAccessible(coordinator);

    await cell(world.ana.id).click();
    const detail = coordinator.locator('section.attendance-detail');
    await detail.getByRole('heading', { name: 'Attendance of Ana Macuácua' }).waitFor();
    await detail.getByText(en['attendance.basis.webhook']).waitFor();
    await detail.getByLabel(/^Minutes to credit/).fill('60');
    await detail.getByLabel(en['attendance.overrideReason']).fill('excused: power cut in Maputo');
    await detail.getByRole('button', { name: en['attendance.overrideSave'] }).click();
    await detail.getByTestId('override').getByText('excused: power cut in Maputo').waitFor();
    expect(await detail.getByTestId('computed').innerText()).toContain('30 min');
    expect(await detail.getByTestId('override').innerText()).toContain('60 min');
    await expect.poll(() => cell(world.ana.id).textContent()).toContain('overridden to 60 minutes');
    await screenshot(coordinator, 'attendance-override');
    await expectAccessible(coordinator);

    const csvLink = coordinator.getByRole('link', { name: en['attendance.csv'] });
    const csv = await coordinator.request.get((await csvLink.getAttribute('href'))!);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toContain('60 (override; computed 30)');
  }, 60_000);

  it('a participant sees her own attendance so far on My programme, and nobody else’s', async () => {
    const ana = await signInAs(world.ana.id, { locale: 'en-GB', timezoneId: 'Africa/Maputo' });
    const mine = ana.locator(`.my-attendance[data-cohort-id="${world.cohortId}"]`);
    await mine.getByText('60 of 60 min (100%)').waitFor();
    expect(await mine.innerText()).toContain('excused: power cut in Maputo');
    expect(await mine.innerText()).not.toContain('Lucía');
    await screenshot(ana, 'my-programme-attendance');
    await expectAccessible(ana);
  }, 30_000);

  it('the interpretation picker lists the session’s languages and the choice is remembered after a reload', async () => {
    lucia = await signInAs(world.lucia.id, { locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    await lucia.goto(`/sessions/${world.live.id}`);
    await lucia.locator('[data-connection="online"]').waitFor();
    const picker = lucia.getByLabel(es['interpretation.listenIn']);
    expect(await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['saved', 'floor', 'es', 'fr']);
    await lucia.getByRole('button', { name: es['session.joinMedia'] }).click();
    await expect.poll(() => picker.inputValue()).toBe('floor');
    await picker.selectOption('fr');
    await expect.poll(async () => (await ctx.deps.db.selectFrom('enrolments').select('interpretation_language').where('person_id', '=', world.lucia.id).executeTakeFirstOrThrow()).interpretation_language).toBe('fr');
    await screenshot(lucia, 'session-interpretation-picker');
    await expectAccessible(lucia);

    await lucia.reload();
    await lucia.locator('[data-connection="online"]').waitFor();
    await lucia.getByRole('button', { name: es['session.joinMedia'] }).click();
    await expect.poll(() => lucia.getByLabel(es['interpretation.listenIn']).inputValue()).toBe('fr');
  }, 60_000);

  it('teams by city; the monitor opens team rooms and the participant is offered hers, then is called back with a notice; the log records both', async () => {
    await coordinator.goto(`/coordinator/cohorts/${world.cohortId}/teams`);
    await coordinator.getByRole('button', { name: en['teams.byCity'] }).click();
    await coordinator.locator('li.team').nth(2).waitFor();
    expect(await coordinator.locator('li.team h3').allInnerTexts()).toEqual(['Cairo', 'Maputo', 'Mexico City']);
    await screenshot(coordinator, 'teams');
    await expectAccessible(coordinator);

    await coordinator.goto(`/coordinator/sessions/${world.live.id}/live`);
    await coordinator.locator('[data-connection="online"]').waitFor();
    await coordinator.locator('li.live-person', { hasText: 'Lucía Hernández' }).waitFor({ timeout: 20_000 });
    await coordinator.getByRole('button', { name: en['teams.open'] }).click();
    await lucia.getByRole('button', { name: es['teams.goToTeam'] }).waitFor();
    await screenshot(lucia, 'session-team-rooms-open');
    await coordinator.getByText(/^Team rooms open now: Cairo, Maputo, Mexico City/).waitFor();

    await coordinator.getByRole('button', { name: en['teams.close'] }).click();
    await lucia.getByText(es['teams.closedNotice']).waitFor();
    expect(await lucia.getByRole('button', { name: es['teams.goToTeam'] }).count()).toBe(0);
    await coordinator.locator('.moderation-log li[data-action="close_team_rooms"]').waitFor();
    expect(await coordinator.locator('.moderation-log li').count()).toBe(2);
    await screenshot(coordinator, 'live-monitor-moderation');
    await expectAccessible(coordinator);
  }, 60_000);

  it('a poll opened in the monitor is answered on the session page; the moderator sees the totals live', async () => {
    await coordinator.getByText(en['polls.new']).click();
    await coordinator.getByLabel(en['polls.question'], { exact: true }).fill('¿Qué modo de transporte prioriza su ciudad?');
    await coordinator.getByLabel(en['polls.options']).fill('Autobús\nMetro\nBicicleta');
    await coordinator.getByRole('button', { name: en['polls.open'] }).click();
    const ballot = lucia.getByRole('group', { name: '¿Qué modo de transporte prioriza su ciudad?' });
    await ballot.getByLabel('Autobús').check();
    await ballot.getByRole('button', { name: es['polls.vote'] }).click();
    await lucia.getByText(es['polls.thanks']).waitFor();
    await coordinator.getByText('1 people voted').waitFor();
    await coordinator.getByRole('button', { name: en['polls.closePublish'] }).click();
    await lucia.locator('li.poll[data-status="closed"]').getByText('1 (100 %)').waitFor();
    await screenshot(lucia, 'session-poll-results');
    await expectAccessible(lucia);
  }, 45_000);

  it('ending the session from the monitor, after a confirmation, takes the participant out with the reason in plain words', async () => {
    await coordinator.getByRole('button', { name: en['moderation.end'] }).click();
    await coordinator.getByLabel(en['moderation.endReason']).fill('The lecturer lost power; we continue on Thursday.');
    await coordinator.getByRole('button', { name: en['moderation.endConfirm'] }).click();
    await lucia.getByText('La sesión ha terminado: The lecturer lost power; we continue on Thursday.').waitFor();
    expect(await lucia.getByRole('button', { name: es['session.joinMedia'] }).count()).toBe(0);
    await screenshot(lucia, 'session-ended');
  }, 30_000);
});
