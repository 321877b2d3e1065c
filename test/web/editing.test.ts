import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock.ts';
import { createTestContext, type TestContext } from '../harness/context.ts';
import { createCohort, createPerson, createProgramme, createSession, createStaff, enrol, STAFF_PASSWORD } from '../harness/factories.ts';
import { contextOptions, ensureWebBuild, freePort, launchChromium, screenshot, seriousAccessibilityViolations, serveApp } from '../harness/browser.ts';
import en from '../../web/src/i18n/en.json' with { type: 'json' };

let ctx: TestContext;
let server: Awaited<ReturnType<typeof serveApp>>;
let browser: Browser;
let context: BrowserContext;
let coordinator: Page;

// Fixed dates in 2027: London's clocks skip 01:00–02:00 on 28 March and repeat 01:00–02:00 on 31 October.
const world = {} as { mobilityProgramme: string; wasteProgramme: string; editCohort: string; bus: string; water: string; planCohort: string; climateCohort: string };

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** The problem tied to a field by aria-describedby, as a screen reader reaches it. */
async function problemBeside(field: Locator): Promise<string> {
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-problem'));
  return (await Promise.all(ids.map((id) => coordinator.locator(`[id="${id}"]`).textContent()))).join(' ');
}

const sessionRow = (id: string) => coordinator.locator(`tr[data-session-id="${id}"]`);
const editForm = (title: string) => coordinator.getByRole('form', { name: `Edit “${title}”` });

beforeAll(async () => {
  const [distDir, port] = await Promise.all([ensureWebBuild(), freePort()]);
  ctx = await createTestContext({ clock: systemClock, env: { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
  server = await serveApp(ctx, port, distDir);
  browser = await launchChromium();

  const db = ctx.deps.db;
  const mobility = await createProgramme(db, 'Sustainable Urban Mobility');
  const waste = await createProgramme(db, 'Waste Management 2019 (old)');
  const edit = await createCohort(db, mobility.id, { title: 'Mobility 2027', firstDay: '2027-03-22', lastDay: '2027-11-05' });
  const bus = await createSession(db, edit.id, { title: 'Seoul bus reform', localStart: '2027-03-23T09:00', durationMinutes: 90 });
  const water = await createSession(db, edit.id, { title: 'Smart water management', localStart: '2027-03-25T09:00', durationMinutes: 90 });
  const plan = await createCohort(db, mobility.id, { title: 'Mobility June 2027', firstDay: '2027-06-07', lastDay: '2027-06-18' });
  for (const person of [
    { nameLatin: 'Lucía Hernández', city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City' },
    { nameLatin: 'Omar Farouk', city: 'Cairo', country: 'EG', timeZone: 'Africa/Cairo' },
    { nameLatin: 'Dilshod Karimov', city: 'Tashkent', country: 'UZ', timeZone: 'Asia/Tashkent' },
    { nameLatin: 'Ana Macuácua', city: 'Maputo', country: 'MZ', timeZone: 'Africa/Maputo' },
  ]) {
    await enrol(db, plan.id, (await createPerson(db, person)).id);
  }
  const climate = await createCohort(db, mobility.id, { title: 'Climate 2027', firstDay: '2027-09-06', lastDay: '2027-09-17' });
  Object.assign(world, { mobilityProgramme: mobility.id, wasteProgramme: waste.id, editCohort: edit.id, bus: bus.id, water: water.id, planCohort: plan.id, climateCohort: climate.id });

  const staff = await createStaff(db);
  context = await browser.newContext(contextOptions(server.url, { locale: 'en-GB', timezoneId: 'Asia/Seoul' }));
  coordinator = await context.newPage();
  await coordinator.goto('/sign-in');
  await coordinator.getByLabel(en['signIn.email'], { exact: true }).fill(staff.email);
  await coordinator.getByLabel(en['signIn.password']).fill(STAFF_PASSWORD);
  await coordinator.getByRole('button', { name: en['signIn.submit'], exact: true }).click();
  await coordinator.getByRole('heading', { name: en['cohorts.title'], level: 1 }).waitFor();
}, 120_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    if (coordinator && !coordinator.isClosed()) await screenshot(coordinator, `failure-${task.name.slice(0, 60)}`).catch(() => undefined);
  });
});

describe('editing programmes, cohorts and sessions in the web app', () => {
  it('a coordinator renames a programme, gives it a theme and modules, and archives an old one after confirming', async () => {
    await coordinator.goto('/coordinator');
    const programmes = coordinator.getByRole('region', { name: en['programmes.title'] });
    await programmes.getByRole('button', { name: 'Edit the programme “Sustainable Urban Mobility”' }).click();
    const form = coordinator.getByRole('form', { name: 'Edit the programme “Sustainable Urban Mobility”' });
    await form.getByLabel(en['programmes.name']).fill('Sustainable Urban Mobility (Online)');
    await form.getByLabel(en['programmes.theme']).selectOption('sustainable_mobility');
    await form.getByLabel(en['programmes.partner']).fill('UCLG-Metropolis');
    await form.getByLabel(en['programmes.modules']).fill('Bus reform\nTransit-oriented development\n');
    await screenshot(coordinator, 'programme-edit');
    await expectAccessible(coordinator);
    await form.getByRole('button', { name: en['programmes.save'] }).click();
    await programmes.getByText('“Sustainable Urban Mobility (Online)” saved.').waitFor();
    // The form closed and gave the focus back to the button that opened it.
    await expect.poll(() => coordinator.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit the programme “Sustainable Urban Mobility (Online)”');
    const stored = await ctx.deps.db.selectFrom('programmes').selectAll().where('id', '=', world.mobilityProgramme).executeTakeFirstOrThrow();
    expect([stored.title, stored.theme, stored.partner_organisation, stored.modules]).toEqual(['Sustainable Urban Mobility (Online)', 'sustainable_mobility', 'UCLG-Metropolis', ['Bus reform', 'Transit-oriented development']]);

    const old = programmes.locator(`tr[data-programme-id="${world.wasteProgramme}"]`);
    await old.getByRole('button', { name: en['programmes.archive'] }).click();
    await old.getByText('Archive the programme “Waste Management 2019 (old)”?').waitFor();
    expect(await coordinator.evaluate(() => document.activeElement?.textContent)).toBe(en['archive.keep']);
    await old.getByRole('button', { name: en['archive.confirm'] }).click();
    await programmes.getByText('“Waste Management 2019 (old)” archived.').waitFor();
    await old.waitFor({ state: 'detached' });
    expect((await ctx.deps.db.selectFrom('programmes').select('archived_at').where('id', '=', world.wasteProgramme).executeTakeFirstOrThrow()).archived_at).not.toBeNull();
  });

  it('cohort details: a refused change shows its reason beside the field; the status moves forward only; archiving asks first', async () => {
    await coordinator.goto(`/coordinator/cohorts/${world.climateCohort}/details`);
    const details = coordinator.getByRole('region', { name: en['cohort.detailsTitle'] });
    await details.getByLabel(en['cohorts.lastDay']).fill('2027-09-01');
    await details.getByRole('button', { name: en['cohort.save'] }).click();
    const lastDay = details.getByLabel(en['cohorts.lastDay']);
    expect(await problemBeside(lastDay)).toBe('before firstDay 2027-09-06');

    await lastDay.fill('2027-09-24');
    await details.getByLabel(en['cohorts.cohortTitle']).fill('Climate Action 2027');
    await details.getByLabel(en['cohorts.status']).selectOption('scheduled');
    await details.getByRole('button', { name: en['cohort.save'] }).click();
    await details.getByText(en['cohort.saved']).waitFor();
    await coordinator.getByRole('heading', { name: 'Climate Action 2027', level: 1 }).waitFor();
    const stored = await ctx.deps.db.selectFrom('cohorts').selectAll().where('id', '=', world.climateCohort).executeTakeFirstOrThrow();
    expect([stored.title, stored.last_day, stored.status]).toEqual(['Climate Action 2027', '2027-09-24', 'scheduled']);
    await screenshot(coordinator, 'cohort-details');
    await expectAccessible(coordinator);

    // Reopened, the page offers no way back to draft.
    await coordinator.reload();
    await coordinator.getByRole('heading', { name: en['cohort.detailsTitle'] }).waitFor();
    const options = await coordinator.getByRole('region', { name: en['cohort.detailsTitle'] }).getByLabel(en['cohorts.status']).locator('option').allTextContents();
    expect(options).toEqual([en['cohortStatus.scheduled'], en['cohortStatus.running'], en['cohortStatus.completed']]);

    const archive = coordinator.getByRole('region', { name: en['cohort.archiveTitle'] });
    await archive.getByRole('button', { name: en['cohort.archive'] }).click();
    await archive.getByRole('button', { name: en['archive.keep'] }).click();
    expect(await coordinator.evaluate(() => document.activeElement?.textContent)).toBe(en['cohort.archive']);
    await archive.getByRole('button', { name: en['cohort.archive'] }).click();
    await archive.getByRole('button', { name: en['archive.confirm'] }).click();
    await coordinator.getByText(en['cohort.archivedNotice']).waitFor();
    expect((await ctx.deps.db.selectFrom('cohorts').select('status').where('id', '=', world.climateCohort).executeTakeFirstOrThrow()).status).toBe('archived');
  });

  it('a session is edited in place: every field is saved, and an unknown time zone is refused beside its field', async () => {
    await coordinator.goto(`/coordinator/cohorts/${world.editCohort}/sessions`);
    await sessionRow(world.bus).getByRole('button', { name: 'Edit “Seoul bus reform”' }).click();
    const form = editForm('Seoul bus reform');
    await form.getByLabel(en['sessions.sessionTitle']).fill('Seoul bus reform, 2004–2024');
    await form.getByLabel(en['sessions.kind']).selectOption('policy_presentation');
    await form.getByLabel(en['sessions.speakers']).fill('Dr. Lee Jae-won\nPark Min-ji');
    await form.getByLabel(en['sessions.duration']).fill('120');
    await form.getByLabel(en['sessions.languages']).fill('es, fr, ar');
    await form.getByLabel(en['sessions.qaPremoderation']).check();
    await form.getByLabel(en['sessions.startMuted']).check();
    await form.getByLabel(en['sessions.timeZone'], { exact: true }).fill('UTC+3');
    await form.getByRole('button', { name: en['sessions.save'] }).click();
    const zone = form.getByLabel(en['sessions.timeZone'], { exact: true });
    expect(await problemBeside(zone)).toContain('UTC+3');
    await screenshot(coordinator, 'session-edit-field-error');
    await expectAccessible(coordinator);

    await zone.fill('Asia/Seoul');
    await form.getByRole('button', { name: en['sessions.save'] }).click();
    await coordinator.getByText('“Seoul bus reform, 2004–2024” saved.').waitFor();
    const stored = await ctx.deps.db.selectFrom('sessions').selectAll().where('id', '=', world.bus).executeTakeFirstOrThrow();
    expect({ title: stored.title, kind: stored.kind, speakers: stored.speakers, duration: stored.duration_minutes, languages: stored.interpretation_languages, premoderation: stored.qa_premoderation, muted: stored.start_muted, sequence: stored.sequence }).toEqual({
      title: 'Seoul bus reform, 2004–2024',
      kind: 'policy_presentation',
      speakers: ['Dr. Lee Jae-won', 'Park Min-ji'],
      duration: 120,
      languages: ['es', 'fr', 'ar'],
      premoderation: true,
      muted: true,
      sequence: 1,
    });
    await sessionRow(world.bus).getByText(en['kind.policy_presentation']).waitFor();
  });

  it('a time the clocks skip is refused with the nearest valid time, taken in one click; a time that happens twice is saved with a notice', async () => {
    const row = sessionRow(world.water);
    await row.getByRole('button', { name: 'Edit “Smart water management”' }).click();
    let form = editForm('Smart water management');
    await form.getByLabel(en['sessions.timeZone'], { exact: true }).fill('Europe/London');
    await form.getByLabel(en['sessions.localStart']).fill('2027-03-28T01:30');
    await form.getByRole('button', { name: en['sessions.save'] }).click();
    const fix = form.getByRole('button', { name: en['sessions.useNearest'].replace('{time}', '2027-03-28 02:00') });
    await fix.waitFor();
    expect(await problemBeside(form.getByLabel(en['sessions.localStart']))).toContain('nearest valid time 2027-03-28T02:00');
    await screenshot(coordinator, 'session-skipped-time');
    await expectAccessible(coordinator);
    await fix.click();
    await coordinator.getByText('“Smart water management” saved.').waitFor();
    let stored = await ctx.deps.db.selectFrom('sessions').selectAll().where('id', '=', world.water).executeTakeFirstOrThrow();
    expect([stored.local_start.slice(0, 16), stored.time_zone, stored.starts_at.toISOString()]).toEqual(['2027-03-28T02:00', 'Europe/London', '2027-03-28T01:00:00.000Z']);
    await row.getByText('set as 02:00 Europe/London').waitFor();

    await row.getByRole('button', { name: 'Edit “Smart water management”' }).click();
    form = editForm('Smart water management');
    await form.getByLabel(en['sessions.localStart']).fill('2027-10-31T01:30');
    await form.getByRole('button', { name: en['sessions.save'] }).click();
    await coordinator.locator('.notice', { hasText: 'happens twice in Europe/London' }).waitFor();
    stored = await ctx.deps.db.selectFrom('sessions').selectAll().where('id', '=', world.water).executeTakeFirstOrThrow();
    expect(stored.starts_at.toISOString()).toBe('2027-10-31T00:30:00.000Z'); // the earlier 01:30, still on summer time
    await screenshot(coordinator, 'session-fall-back-notice');
  });

  it('cancelling a session asks first, with the safe answer focused, and the row then says cancelled', async () => {
    const row = sessionRow(world.water);
    await row.getByRole('button', { name: 'Cancel session “Smart water management”' }).click();
    await coordinator.getByText('Cancel “Smart water management”? Everyone invited gets a cancellation').waitFor();
    expect(await coordinator.evaluate(() => document.activeElement?.textContent)).toBe(en['sessions.keep']);
    await screenshot(coordinator, 'session-cancel-confirmation');
    await expectAccessible(coordinator);
    await coordinator.getByRole('button', { name: en['sessions.cancelConfirm'] }).click();
    await coordinator.getByText('“Smart water management” was cancelled').waitFor();
    await coordinator.locator(`tr[data-session-id="${world.water}"][data-status="cancelled"]`).waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    expect((await ctx.deps.db.selectFrom('sessions').select('status').where('id', '=', world.water).executeTakeFirstOrThrow()).status).toBe('cancelled');
  });

  it('the planner shows the fair rotation against the best single time, city by city, and applies it with each session at its own time', async () => {
    await coordinator.goto(`/coordinator/cohorts/${world.planCohort}/planner`);
    await coordinator.getByLabel(en['sessions.duration']).fill('60');
    await coordinator.getByRole('button', { name: en['planner.run'] }).click();
    const rotation = coordinator.locator('section.rotation');
    await rotation.waitFor();
    const cities = await rotation.locator('tbody tr[data-city]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-city')).sort());
    expect(cities).toEqual(['Cairo', 'Maputo', 'Mexico City', 'Tashkent']);
    const shares = await rotation.locator('table.rotation-bars tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({
        rotation: Number(r.querySelector('[data-share="rotation"] .share-words')?.textContent?.match(/\d+/)?.[0]),
        single: Number(r.querySelector('[data-share="single"] .share-words')?.textContent?.match(/\d+/)?.[0]),
      })),
    );
    // The rotation spreads the burden: its worst city is better off than the single time's worst city.
    expect(Math.max(...shares.map((s) => s.rotation))).toBeLessThan(Math.max(...shares.map((s) => s.single)));
    await rotation.locator('summary').click();
    await screenshot(coordinator, 'planner-rotation');
    await expectAccessible(coordinator);

    const hostTimes = await rotation.locator('.rotation-sessions tbody tr td:first-of-type').allTextContents();
    await rotation.getByRole('button', { name: /^Create \d+ sessions on the rotation$/ }).click();
    await rotation.getByText(/\d+ sessions created/).waitFor();
    const sessions = await ctx.deps.db.selectFrom('sessions').select(['local_start']).where('cohort_id', '=', world.planCohort).orderBy('starts_at').execute();
    expect(sessions.map((s) => s.local_start.slice(11, 16))).toEqual(hostTimes);
    expect(new Set(hostTimes).size).toBeGreaterThan(1);
  });
});
