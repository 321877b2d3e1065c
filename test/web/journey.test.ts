import { Temporal } from 'temporal-polyfill';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock.ts';
import { startWorkers } from '../../worker/workers.ts';
import { createTestContext, type TestContext } from '../harness/context.ts';
import { createSession, createStaff, STAFF_PASSWORD } from '../harness/factories.ts';
import { startSmtpSink } from '../harness/smtp-sink.ts';
import { contextOptions, ensureWebBuild, freePort, launchChromium, screenshot, screenshotFailures, seriousAccessibilityViolations, serveApp } from '../harness/browser.ts';
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import es from '../../web/src/i18n/es.json' with { type: 'json' };
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: ReturnType<typeof startWorkers>;
let server: Awaited<ReturnType<typeof serveApp>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const openPages: Page[] = [];

// Real time throughout: the browser's cookie jar and clock cannot be moved, so the cohort starts next week.
const seoulToday = Temporal.Now.plainDateISO('Asia/Seoul');
const firstDay = seoulToday.add({ days: 7 });
const lastDay = firstDay.add({ days: 13 });
const roster = [
  'name,name_native,email,city,country,time_zone,locale,organisation,position,role',
  'Lucía Hernández,,lucia@cdmx.test,Mexico City,MX,America/Mexico_City,es,Ciudad de México,Urban mobility,participant',
  'Ahmed Hassan,أحمد حسن,ahmed@cairo.test,Cairo,EG,Africa/Cairo,ar,Cairo Governorate,Smart city unit,participant',
  'Fátima Cossa,,fatima@maputo.test,Maputo,MZ,Africa/Maputo,pt,Conselho Municipal,Planning,participant',
].join('\n');
const journey: { cohortId?: string; firstSession?: { id: string; startsAt: Date }; links: Map<string, string> } = { links: new Map() };

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

function signInLinkFor(address: string): string {
  const mail = smtp.received.find((m) => m.to.includes(address));
  const link = mail?.text.match(/http:\/\/127\.0\.0\.1:\d+\/sign-in#token=[\w-]+/)?.[0];
  if (!link) throw new Error(`no sign-in link in the mail to ${address}`);
  return link;
}

beforeAll(async () => {
  const [distDir, port] = await Promise.all([ensureWebBuild(), freePort()]);
  smtp = await startSmtpSink();
  ctx = await createTestContext({ clock: systemClock, env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
  workers = startWorkers(ctx.deps);
  server = await serveApp(ctx, port, distDir);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
  await workers?.close();
  await ctx?.close();
  await smtp?.close();
});

screenshotFailures(openPages);

describe('the web app, in Chromium, against the real server, worker, PostgreSQL, Redis and SMTP', () => {
  let coordinator: Page;

  it('a coordinator signs in, creates a cohort, sees roster mistakes against their rows, imports the roster, applies a planner candidate and sends invitations', async () => {
    const staff = await createStaff(ctx.deps.db);
    coordinator = await newPage({ locale: 'en-GB', timezoneId: 'Asia/Seoul' });
    await coordinator.goto('/sign-in');
    await screenshot(coordinator, 'sign-in');
    await expectAccessible(coordinator);
    await coordinator.getByLabel(en['signIn.email'], { exact: true }).fill(staff.email);
    await coordinator.getByLabel(en['signIn.password']).fill(STAFF_PASSWORD);
    await coordinator.getByRole('button', { name: en['signIn.submit'], exact: true }).click();
    await coordinator.getByRole('heading', { name: en['cohorts.title'], level: 1 }).waitFor();

    await coordinator.getByLabel(en['cohorts.programmeTitle']).fill('Smart City Training Program (Online)');
    await coordinator.getByRole('button', { name: en['cohorts.createProgramme'] }).click();
    await coordinator.getByRole('combobox', { name: en['cohorts.programme'] }).locator('option', { hasText: 'Smart City Training Program' }).waitFor({ state: 'attached' });
    await coordinator.getByLabel(en['cohorts.cohortTitle']).fill('Smart City 2026');
    await coordinator.getByLabel(en['cohorts.firstDay']).fill(firstDay.toString());
    await coordinator.getByLabel(en['cohorts.lastDay']).fill(lastDay.toString());
    await screenshot(coordinator, 'coordinator-cohorts');
    await expectAccessible(coordinator);
    await coordinator.getByRole('button', { name: en['cohorts.createCohort'] }).click();
    await coordinator.waitForURL(/\/coordinator\/cohorts\/[\w-]+\/roster$/);
    journey.cohortId = coordinator.url().split('/').at(-2)!;

    const withMistakes = roster.replace('America/Mexico_City', 'UTC-6').replace('fatima@maputo.test', 'fatima-at-maputo');
    await coordinator.getByLabel(en['roster.paste']).fill(withMistakes);
    await coordinator.getByRole('button', { name: en['roster.submit'], exact: true }).click();
    const problems = coordinator.locator('table.row-problems');
    await problems.waitFor();
    expect(await problems.locator('tr[data-row="2"]').innerText()).toContain('time_zone');
    expect(await problems.locator('tr[data-row="4"]').innerText()).toContain('fatima-at-maputo');
    await screenshot(coordinator, 'roster-errors');
    await expectAccessible(coordinator);

    await coordinator.getByLabel(en['roster.paste']).fill(roster);
    await coordinator.getByRole('button', { name: en['roster.submit'], exact: true }).click();
    await coordinator.getByText('Imported 3 rows').waitFor();
    await coordinator.getByRole('heading', { name: 'Enrolled (3)' }).waitFor();

    await coordinator.getByRole('link', { name: en['cohort.tab.planner'] }).click();
    await coordinator.getByLabel(en['sessions.duration']).fill('60');
    await coordinator.getByLabel(en['planner.hostFrom']).fill('08:00');
    await coordinator.getByLabel(en['planner.hostUntil']).fill('11:00');
    await coordinator.getByRole('button', { name: en['planner.run'] }).click();
    const picture = coordinator.locator('.planner-picture');
    await picture.waitFor();
    expect(await picture.locator('[data-city]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-city')).sort())).toEqual(['Cairo', 'Maputo', 'Mexico City']);
    await screenshot(coordinator, 'planner');
    await expectAccessible(coordinator);
    await coordinator.getByRole('button', { name: /^Create \d+ sessions at/ }).click();
    await coordinator.getByText(/\d+ sessions created/).waitFor();

    const sessions = await ctx.deps.db.selectFrom('sessions').select(['id', 'starts_at', 'local_start']).where('cohort_id', '=', journey.cohortId).orderBy('starts_at').execute();
    expect(sessions.length).toBeGreaterThan(0);
    expect(Number(sessions[0]!.local_start.slice(11, 13))).toBeLessThan(12); // a Seoul-morning session
    journey.firstSession = { id: sessions[0]!.id, startsAt: sessions[0]!.starts_at };

    await coordinator.getByRole('link', { name: en['cohort.tab.invitations'] }).click();
    await coordinator.getByRole('button', { name: en['invitations.send'] }).click();
    await smtp.waitFor(3);
    await coordinator.locator('li[data-state="sent"]').nth(2).waitFor();
    await screenshot(coordinator, 'invitations');
    await expectAccessible(coordinator);
  }, 90_000);

  let mexico: Page;

  it('a participant in Mexico City opens the link from her e-mail and sees the Seoul-morning session on the previous local day, at her local time', async () => {
    const link = signInLinkFor('lucia@cdmx.test');
    journey.links.set('lucia', link);
    mexico = await newPage({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    await mexico.goto(link);
    await mexico.getByRole('heading', { name: es['programme.title'], level: 1 }).waitFor();
    expect(mexico.url()).not.toContain('token=');

    const start = Temporal.Instant.fromEpochMilliseconds(journey.firstSession!.startsAt.getTime());
    const inSeoul = start.toZonedDateTimeISO('Asia/Seoul');
    const inMexico = start.toZonedDateTimeISO('America/Mexico_City');
    expect(inMexico.toPlainDate().equals(inSeoul.toPlainDate().subtract({ days: 1 }))).toBe(true);
    const first = mexico.locator(`li[data-session-id="${journey.firstSession!.id}"]`);
    const localTime = first.locator('time.local-time');
    expect(await localTime.getAttribute('datetime')).toBe(`${inMexico.toPlainDate()}T${inMexico.toPlainTime().toString({ smallestUnit: 'minute' })}-06:00`);
    expect(await localTime.innerText()).toContain(inMexico.toPlainTime().toString({ smallestUnit: 'minute' }));
    const dayHeading = await mexico.locator('section.day', { has: first }).getByRole('heading', { level: 2 }).innerText();
    expect(dayHeading).toContain(new Intl.DateTimeFormat('es', { weekday: 'long', timeZone: 'America/Mexico_City' }).format(journey.firstSession!.startsAt));
    expect(await first.locator('.host-time').innerText()).toContain(inSeoul.toPlainTime().toString({ smallestUnit: 'minute' }));
    await first.getByText(es['programme.opensIn'].split(' {')[0]!).waitFor();
    await screenshot(mexico, 'my-programme-mexico-city');
    await expectAccessible(mexico);

    await mexico.setViewportSize({ width: 390, height: 844 });
    expect(await mexico.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(mexico, 'my-programme-phone');
    await mexico.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);

  it('a link already used shows a plain page that says so, with a button to get a new one', async () => {
    const page = await newPage({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    await page.goto(journey.links.get('lucia')!);
    await page.getByRole('heading', { name: es['signIn.linkUsed'] }).waitFor();
    await page.getByRole('button', { name: es['signIn.sendNewLink'] }).waitFor();
    await screenshot(page, 'link-used');
    await expectAccessible(page);
  });

  it('the participant asks a question on the session page; the coordinator marks it answered in the live monitor; the participant sees it answered', async () => {
    const sessionId = journey.firstSession!.id;
    await mexico.locator(`li[data-session-id="${sessionId}"]`).getByRole('link', { name: es['programme.openPage'] }).click();
    await mexico.locator('[data-connection="online"]').waitFor();
    const question = '¿Cómo funcionaría la reforma de autobuses en una ciudad sin metro?';
    await mexico.getByLabel(es['qa.yourQuestion']).fill(question);
    await mexico.getByRole('button', { name: es['qa.ask'], exact: true }).click();
    await mexico.locator('li.question[data-status="open"]', { hasText: question }).waitFor();
    await screenshot(mexico, 'session-page');
    await expectAccessible(mexico);

    await coordinator.goto(`/coordinator/sessions/${sessionId}/live`);
    const queued = coordinator.locator('li.question', { hasText: question });
    await queued.getByRole('button', { name: en['qa.markAnswered'] }).click();
    await coordinator.locator('li.question[data-status="answered"]', { hasText: question }).waitFor();
    await screenshot(coordinator, 'live-monitor');
    await expectAccessible(coordinator);

    await mexico.locator('li.question[data-status="answered"]', { hasText: question }).getByText(es['qa.status.answered']).waitFor();
  }, 60_000);

  it('a chat message containing HTML is shown as the text that was typed, to its author and to the coordinator', async () => {
    const body = '<img src=x onerror="window.__injected=1"><b>bold?</b> & <script>window.__injected=2</script>';
    await mexico.getByLabel(es['chat.message']).fill(body);
    await mexico.getByRole('button', { name: es['chat.send'] }).click();
    for (const page of [mexico, coordinator]) {
      const shown = page.locator('.message-body', { hasText: 'bold?' });
      await shown.waitFor();
      expect(await shown.textContent()).toBe(body);
      expect(await page.locator('.messages img, .messages b, .messages script').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    }
  });

  it('an official in Cairo reading Arabic gets a right-to-left page with the times of Cairo', async () => {
    const cairo = await newPage({ locale: 'ar', timezoneId: 'Africa/Cairo' });
    await cairo.goto(signInLinkFor('ahmed@cairo.test'));
    await cairo.getByRole('heading', { name: ar['programme.title'], level: 1 }).waitFor();
    expect(await cairo.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
    const inCairo = Temporal.Instant.fromEpochMilliseconds(journey.firstSession!.startsAt.getTime()).toZonedDateTimeISO('Africa/Cairo');
    const offset = inCairo.offset === '+00:00' ? '+00:00' : inCairo.offset;
    expect(await cairo.locator(`li[data-session-id="${journey.firstSession!.id}"] time.local-time`).getAttribute('datetime')).toBe(
      `${inCairo.toPlainDate()}T${inCairo.toPlainTime().toString({ smallestUnit: 'minute' })}${offset}`,
    );
    expect(await cairo.locator('.session-card').first().evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    await screenshot(cairo, 'my-programme-cairo-arabic');
    await expectAccessible(cairo);
  });

  it('when the media server cannot be reached, the session page says so plainly and chat keeps working', async () => {
    const soon = Temporal.Now.zonedDateTimeISO('Asia/Seoul').add({ minutes: 5 });
    const session = await createSession(ctx.deps.db, journey.cohortId!, { title: 'Open now', localStart: soon.toPlainDateTime().toString({ smallestUnit: 'minute' }), durationMinutes: 60 });
    await mexico.goto(`/sessions/${session.id}`);
    await mexico.locator('[data-connection="online"]').waitFor();
    await mexico.getByRole('button', { name: es['session.joinMedia'] }).click();
    await mexico.getByText(es['session.mediaUnreachable']).waitFor({ timeout: 25_000 });
    await mexico.getByLabel(es['chat.message']).fill('¿Me escuchan? Solo tengo el chat.');
    await mexico.getByRole('button', { name: es['chat.send'] }).click();
    await mexico.locator('.message-body', { hasText: 'Solo tengo el chat' }).waitFor();
    await screenshot(mexico, 'session-media-unreachable');
  }, 45_000);
});
