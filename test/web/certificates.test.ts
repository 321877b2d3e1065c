import { Temporal } from 'temporal-polyfill';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock.ts';
import { issueMagicLink } from '../../server/domain/auth/auth.service.ts';
import { startWorkers } from '../../worker/workers.ts';
import { createTestContext, type TestContext } from '../harness/context.ts';
import { createCohort, createPerson, createProgramme, createSession, createStaff, enrol, STAFF_PASSWORD } from '../harness/factories.ts';
import { officials, presence, recordPresence } from '../harness/completion.factories.ts';
import { startSmtpSink } from '../harness/smtp-sink.ts';
import { contextOptions, ensureWebBuild, freePort, launchChromium, screenshot, screenshotFailures, seriousAccessibilityViolations, serveApp } from '../harness/browser.ts';
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: ReturnType<typeof startWorkers>;
let server: Awaited<ReturnType<typeof serveApp>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const openPages: Page[] = [];

const seoul = () => Temporal.Now.zonedDateTimeISO('Asia/Seoul');
const wallClock = (at: Temporal.ZonedDateTime) => at.with({ hour: 9, minute: 0 }).toPlainDateTime().toString({ smallestUnit: 'minute' });
const world = {} as {
  cohortId: string;
  staffEmail: string;
  sessions: { bus: string; water: string; closing: string };
  omar: string;
  ana: string;
  lucia: string;
  dilshod: string;
  wang: string;
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

async function firstBytes(download: Download, count: number): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).subarray(0, count).toString('latin1');
}

beforeAll(async () => {
  const [distDir, port] = await Promise.all([ensureWebBuild(), freePort()]);
  smtp = await startSmtpSink();
  ctx = await createTestContext({ clock: systemClock, env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
  workers = startWorkers(ctx.deps);
  server = await serveApp(ctx, port, distDir);
  browser = await launchChromium();

  const db = ctx.deps.db;
  const today = seoul().toPlainDate();
  const cohort = await createCohort(db, (await createProgramme(db, 'Smart City Governance and Digital Transformation')).id, { title: 'Smart City 2026', firstDay: today.subtract({ days: 3 }).toString(), lastDay: today.add({ days: 10 }).toString() });
  const bus = await createSession(db, cohort.id, { title: 'Seoul bus reform', localStart: wallClock(seoul().subtract({ days: 2 })), durationMinutes: 60 });
  const water = await createSession(db, cohort.id, { title: 'Smart water management', localStart: wallClock(seoul().subtract({ days: 1 })), durationMinutes: 60 });
  const closing = await createSession(db, cohort.id, { title: 'City action plans', localStart: wallClock(seoul().add({ days: 3 })), durationMinutes: 60 });

  const omar = await createPerson(db, { nameLatin: 'Omar Farouk', nameNative: 'عمر فاروق', city: 'Cairo', country: 'EG', timeZone: 'Africa/Cairo', locale: 'ar' });
  const others: Awaited<ReturnType<typeof createPerson>>[] = [];
  for (const official of officials.filter((o) => ['Tashkent', 'Chengdu', 'Bangkok', 'Kyiv'].includes(o.city))) {
    others.push(await createPerson(db, { ...official, nameNative: official.nameNative!, locale: 'en' }));
  }
  const ana = await createPerson(db, { nameLatin: 'Ana Macuácua', city: 'Maputo', country: 'MZ', timeZone: 'Africa/Maputo', locale: 'en' });
  const lucia = await createPerson(db, { nameLatin: 'Lucía Hernández', city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City', locale: 'es' });
  for (const person of [omar, ...others, ana, lucia]) await enrol(db, cohort.id, person.id);
  // Omar and the four officials attended both past lectures in full; Ana and Lucía only the first.
  await recordPresence(db, [
    ...[omar, ...others].flatMap((p) => [...presence(bus, p.id, 60), ...presence(water, p.id, 60)]),
    ...presence(bus, ana.id, 60),
    ...presence(bus, lucia.id, 60),
  ]);
  const byCity = (city: string) => others.find((p) => p.city === city)!.id;
  Object.assign(world, {
    cohortId: cohort.id,
    staffEmail: (await createStaff(db)).email,
    sessions: { bus: bus.id, water: water.id, closing: closing.id },
    omar: omar.id,
    ana: ana.id,
    lucia: lucia.id,
    dilshod: byCity('Tashkent'),
    wang: byCity('Chengdu'),
  });
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

describe('completion and certificates in the web app, with the worker issuing for real', () => {
  let coordinator: Page;
  const numbers = new Map<string, string>();

  it('the coordinator sets the completion policy and reads each participant’s status with what they still need; a make-up completes Lucía', async () => {
    coordinator = await newPage({ locale: 'en-GB', timezoneId: 'Asia/Seoul' });
    const signIn = await coordinator.request.post('/api/auth/sign-in', { data: { email: world.staffEmail, password: STAFF_PASSWORD }, headers: { origin: server.url } });
    expect(signIn.status()).toBe(200);
    await coordinator.goto(`/coordinator/cohorts/${world.cohortId}/completion`);
    const row = (personId: string, status = '') => coordinator.locator(`table.completion-table tr[data-person-id="${personId}"]${status && `[data-status="${status}"]`}`);
    // Under the centre's default (80 % of the live minutes), nobody has completed yet; Ana can no longer make it.
    await row(world.omar, 'on_track').getByText('Still needed: 24 more minutes.').waitFor();
    await row(world.ana, 'not_completed').getByText('Short by 84 minutes.').waitFor();

    // The server's field errors land beside the field they name (the browser's own range check is lifted to reach the server).
    const share = coordinator.getByLabel(en['completion.minimumShare']);
    await share.evaluate((input) => input.removeAttribute('max'));
    await share.fill('150');
    await coordinator.getByRole('button', { name: en['completion.savePolicy'] }).click();
    await coordinator.locator('.field', { has: share }).locator('.field-problem').getByText('between 0 and 1').waitFor();
    expect(await share.getAttribute('aria-invalid')).toBe('true');
    await share.fill('60');
    await coordinator.getByLabel(en['completion.minimumSessions']).fill('2');
    await coordinator.getByRole('group', { name: en['completion.requiredSessions'] }).getByLabel('Seoul bus reform').check();
    const perPerson = coordinator.getByRole('group', { name: en['completion.personRequirements'] });
    await perPerson.getByLabel(en['completion.person']).selectOption({ label: 'Omar Farouk · Cairo' });
    await perPerson.getByRole('group', { name: en['completion.theirSessions'] }).getByLabel('Smart water management').check();
    await perPerson.getByRole('button', { name: en['completion.addRequirement'] }).click();
    await perPerson.getByText('Omar Farouk: Smart water management').waitFor();
    await coordinator.getByRole('button', { name: en['completion.savePolicy'] }).click();
    await coordinator.getByText(en['completion.policySaved']).waitFor();

    await row(world.omar, 'completed').getByText(en['completion.nothingNeeded']).waitFor();
    // 60 of 180 minutes against 60 %: 48 minutes and one session short, with one 60-minute session left.
    await row(world.ana, 'at_risk').getByText('Still needed: 1 more session, 48 more minutes.').waitFor();
    await screenshot(coordinator, 'completion-policy-and-statuses');
    await expectAccessible(coordinator);

    const makeUp = coordinator.locator('form.make-up-form');
    await makeUp.getByLabel(en['completion.person']).selectOption({ label: 'Lucía Hernández · Mexico City' });
    await makeUp.getByLabel(en['makeUp.session']).selectOption({ label: 'Smart water management' });
    await makeUp.getByLabel(en['makeUp.reason']).fill('watched the recording and sent a summary');
    await makeUp.getByRole('button', { name: en['makeUp.record'] }).click();
    await coordinator.getByText('Make-up recorded for Lucía Hernández: Smart water management.').waitFor();
    await row(world.lucia, 'completed').waitFor();
    await screenshot(coordinator, 'completion-after-make-up');
  }, 60_000);

  it('issuing for the cohort runs in the worker; the progress bar reaches 100 %; revoking one and correcting another name keep the history', async () => {
    const pushes: string[] = [];
    coordinator.on('websocket', (ws) => ws.on('framereceived', (frame) => typeof frame.payload === 'string' && frame.payload.includes('"certificates:progress"') && pushes.push(frame.payload)));
    await coordinator.getByRole('link', { name: en['cohort.tab.certificates'] }).click();
    await coordinator.getByText('Completed: 6. Still without a certificate: 6.').waitFor();
    await coordinator.getByRole('button', { name: en['issuance.start'] }).click();
    const bar = coordinator.getByRole('progressbar');
    await coordinator.locator('.issuance-progress[data-run-status="done"]').waitFor({ timeout: 30_000 });
    expect(await bar.getAttribute('aria-valuemax')).toBe('6');
    expect(await bar.getAttribute('aria-valuenow')).toBe('6');
    expect(await bar.getAttribute('aria-valuetext')).toBe('6 of 6 certificates (100%)');
    // The worker's pushes reached the page over the staff channel (polling is only the fallback).
    expect(pushes.some((push) => push.includes('"status":"done"'))).toBe(true);
    const rows = coordinator.locator('table.certificates-table tbody tr');
    await expect.poll(() => rows.count()).toBe(6);
    for (const tr of await rows.all()) numbers.set((await tr.locator('th').innerText()).split('\n').at(-1)!, (await tr.getAttribute('data-number'))!);
    expect(await coordinator.locator('table.certificates-table tr[data-status="valid"]').count()).toBe(6);
    await screenshot(coordinator, 'certificates-issued');
    await expectAccessible(coordinator);

    const dilshod = coordinator.locator(`tr[data-number="${numbers.get('Dilshod Karimov')}"]`);
    await dilshod.getByRole('button', { name: 'Revoke the certificate of Dilshod Karimov' }).click();
    await dilshod.getByLabel(en['certificates.revokeReason']).fill('issued by mistake: attended as an observer');
    await dilshod.getByRole('button', { name: en['certificates.revoke'], exact: true }).click();
    await dilshod.getByRole('alert').getByText(/This cannot be undone/).waitFor();
    await screenshot(coordinator, 'certificate-revoke-confirmation');
    await dilshod.getByRole('button', { name: en['certificates.revokeConfirm'] }).click();
    await coordinator.locator(`tr[data-number="${numbers.get('Dilshod Karimov')}"][data-status="revoked"]`).getByText('issued by mistake: attended as an observer').waitFor();

    const wangNumber = numbers.get('Wang Xiaoming')!;
    const wang = coordinator.locator(`tr[data-number="${wangNumber}"]`);
    await wang.getByRole('button', { name: 'Correct the name on the certificate of Wang Xiaoming' }).click();
    await wang.getByLabel(en['certificates.nameLatin']).fill('Wang Xiao-ming');
    await wang.getByRole('button', { name: en['certificates.reissue'] }).click();
    const notice = coordinator.getByText(new RegExp(`^${wangNumber} is replaced by LC-`));
    await notice.waitFor();
    const corrected = (await notice.innerText()).match(/by (LC-[\w-]+)\./)![1]!;
    await coordinator.locator(`tr[data-number="${wangNumber}"][data-status="replaced"]`).getByRole('link', { name: corrected }).waitFor();
    await coordinator.locator(`tr[data-number="${corrected}"][data-status="valid"]`).getByText('Wang Xiao-ming').waitFor();
    await screenshot(coordinator, 'certificates-revoked-and-corrected');
    await expectAccessible(coordinator);

    const revoked = await coordinator.request.get(`/api/certificates/${numbers.get('Dilshod Karimov')}`);
    expect(await revoked.json()).toMatchObject({ status: 'revoked', revoked: { reason: 'issued by mistake: attended as an observer' } });
  }, 90_000);

  it('Omar, in Cairo and reading Arabic, sees that he completed and downloads his PDF and his signed credential', async () => {
    const { token } = await issueMagicLink(ctx.deps.db, world.omar, { now: new Date(), ttlMinutes: 60 });
    const cairo = await newPage({ locale: 'ar', timezoneId: 'Africa/Cairo', acceptDownloads: true });
    await cairo.goto(`/sign-in#token=${token}`);
    await cairo.waitForURL(/\/programme$/);
    const mine = cairo.locator('.my-completion[data-status="completed"]');
    await mine.getByText(ar['completion.status.completed'], { exact: true }).waitFor();
    expect(await cairo.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await mine.innerText()).toContain(numbers.get('Omar Farouk'));

    const [pdf] = await Promise.all([cairo.waitForEvent('download'), mine.getByRole('link', { name: ar['myCertificate.pdf'] }).click()]);
    expect(pdf.suggestedFilename()).toBe(`certificate-${numbers.get('Omar Farouk')}.pdf`);
    expect(await firstBytes(pdf, 5)).toBe('%PDF-');
    const [credential] = await Promise.all([cairo.waitForEvent('download'), mine.getByRole('link', { name: ar['myCertificate.credential'] }).click()]);
    expect(await firstBytes(credential, 3)).toBe('eyJ'); // a compact JWS: base64url of '{"'
    await screenshot(cairo, 'my-programme-certificate-cairo-arabic');
    await expectAccessible(cairo);
    await cairo.setViewportSize({ width: 390, height: 844 });
    expect(await cairo.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(cairo, 'my-programme-certificate-phone');

    await mine.getByRole('link', { name: ar['myCertificate.verifyLink'] }).click();
    await cairo.waitForURL(/\/verify\/LC-/);
    await cairo.getByText('عمر فاروق').waitFor();
  }, 60_000);

  it('anyone, signed in or not, can open the public verification page, which shows the name in both scripts', async () => {
    const visitor = await newPage({ locale: 'en-GB', timezoneId: 'Europe/Berlin' });
    await visitor.goto(`/verify/${numbers.get('Omar Farouk')}`);
    await visitor.getByRole('heading', { name: 'Valid certificate' }).waitFor();
    expect(await visitor.locator('main').innerText()).toMatch(/عمر فاروق\s+Omar Farouk/);
    await screenshot(visitor, 'verify-page');
    await expectAccessible(visitor);
  });

  it('“send me a new link” says a link is on its way whether or not the address takes part', async () => {
    const page = await newPage({ locale: 'en-GB', timezoneId: 'Africa/Maputo' });
    await page.goto('/sign-in#token=expired-or-made-up');
    await page.getByRole('heading', { name: en['signIn.linkUnknown'] }).waitFor();
    await page.getByLabel(en['signIn.yourEmail']).fill('nobody@maputo.test');
    await page.getByRole('button', { name: en['signIn.sendNewLink'] }).click();
    await page.getByText(en['signIn.newLinkSent']).waitFor();
    await screenshot(page, 'new-link-requested');
  });
});
