import { Temporal } from 'temporal-polyfill';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock.ts';
import { issueMagicLink } from '../../server/domain/auth/auth.service.ts';
import { createTestContext, type TestContext } from '../harness/context.ts';
import { createCohort, createPerson, createProgramme, createSession, createStaff, enrol, STAFF_PASSWORD } from '../harness/factories.ts';
import { contextOptions, ensureWebBuild, freePort, launchChromium, screenshot, screenshotFailures, seriousAccessibilityViolations, serveApp } from '../harness/browser.ts';
import en from '../../web/src/i18n/en.json' with { type: 'json' };

let ctx: TestContext;
let server: Awaited<ReturnType<typeof serveApp>>;
let browser: Browser;
const contexts: BrowserContext[] = [];
const openPages: Page[] = [];
const world = {} as { cohortId: string; sessionId: string; staffEmail: string; omar: string };

interface Focused {
  tag: string;
  name: string;
  visible: boolean;
}

/** What has the focus: its accessible name as a person hears it, and whether the ring can be seen. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { tag: 'body', name: '', visible: false };
    const labelled = element.getAttribute('aria-labelledby');
    const name =
      element.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled)?.textContent : undefined) ??
      (element as HTMLInputElement).labels?.[0]?.textContent ??
      element.textContent ??
      '';
    const style = getComputedStyle(element);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
    // The last stop inside a date field is its calendar button, a native part the page cannot query; app.css rings it.
    const onCalendarButton = element instanceof HTMLInputElement && /^(date|time|datetime-local)$/.test(element.type) && !element.matches(':focus');
    return { tag: element.tagName.toLowerCase(), name: name.trim(), visible: onCalendarButton || (element.matches(':focus') && ring) };
  });
}

/** Presses Tab (or Shift+Tab) until the element named `name` has the focus; every stop on the way must show its focus. */
async function tabTo(page: Page, name: string | RegExp, options: { backwards?: boolean; limit?: number } = {}): Promise<Focused> {
  const visited: string[] = [];
  for (let step = 0; step < (options.limit ?? 80); step++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    visited.push(`${now.tag}:${now.name.slice(0, 40)}`);
    if (now.tag !== 'body' && !now.visible) throw new Error(`no visible focus on ${now.tag} "${now.name}" after ${visited.join(" → ")}`);
    if (typeof name === 'string' ? now.name === name : name.test(now.name)) return now;
  }
  throw new Error(`never reached "${String(name)}" with the keyboard; visited: ${visited.join(' → ')}`);
}

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

async function newPage(options: Parameters<typeof contextOptions>[1] = {}): Promise<Page> {
  const context = await browser.newContext(contextOptions(server.url, options));
  contexts.push(context);
  const page = await context.newPage();
  openPages.push(page);
  return page;
}

beforeAll(async () => {
  const [distDir, port] = await Promise.all([ensureWebBuild(), freePort()]);
  ctx = await createTestContext({ clock: systemClock, env: { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } });
  server = await serveApp(ctx, port, distDir);
  browser = await launchChromium();

  const db = ctx.deps.db;
  const today = Temporal.Now.plainDateISO('Asia/Seoul');
  const cohort = await createCohort(db, (await createProgramme(db, 'Smart City Governance')).id, { title: 'Keyboard Cohort 2026', firstDay: today.add({ days: 7 }).toString(), lastDay: today.add({ days: 20 }).toString() });
  const session = await createSession(db, cohort.id, { title: 'Seoul bus reform', localStart: `${today.add({ days: 8 })}T09:00`, durationMinutes: 90 });
  const omar = await createPerson(db, { nameLatin: 'Omar Farouk', city: 'Cairo', country: 'EG', timeZone: 'Africa/Cairo', locale: 'en' });
  await enrol(db, cohort.id, omar.id);
  const staff = await createStaff(db);
  Object.assign(world, { cohortId: cohort.id, sessionId: session.id, staffEmail: staff.email, omar: omar.id });
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

screenshotFailures(openPages);

describe('the web app with the keyboard only (Tab, Shift+Tab, Enter, Space, arrows; no mouse)', () => {
  it('a coordinator signs in, opens a cohort, switches tabs, saves the cohort and edits and cancels a session, always seeing where the focus is', async () => {
    const page = await newPage({ locale: 'en-GB', timezoneId: 'Asia/Seoul' });
    await page.goto('/sign-in');
    expect((await tabTo(page, en['nav.skip'])).tag).toBe('a');
    await tabTo(page, en['signIn.email']);
    await page.keyboard.type(world.staffEmail);
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe(en['signIn.password']);
    await page.keyboard.type(STAFF_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: en['cohorts.title'], level: 1 }).waitFor();
    // The page's main region took the focus: the next Tab starts in the content, not at the top of the page.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await tabTo(page, 'Keyboard Cohort 2026');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keyboard Cohort 2026', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await tabTo(page, en['cohort.tab.details']);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: en['cohort.detailsTitle'] }).waitFor();
    // Following a tab keeps the focus on it.
    expect((await focused(page)).name).toBe(en['cohort.tab.details']);
    await tabTo(page, en['cohorts.cohortTitle']);
    await page.keyboard.press('End');
    await page.keyboard.type(' (pilot)');
    await tabTo(page, en['cohorts.status']);
    await page.keyboard.press('ArrowDown');
    await tabTo(page, en['cohort.save']);
    await screenshot(page, 'keyboard-cohort-details');
    await page.keyboard.press('Enter');
    await page.getByText(en['cohort.saved']).waitFor();
    const cohort = await ctx.deps.db.selectFrom('cohorts').select(['title', 'status']).where('id', '=', world.cohortId).executeTakeFirstOrThrow();
    expect(cohort).toEqual({ title: 'Keyboard Cohort 2026 (pilot)', status: 'scheduled' });

    await tabTo(page, en['cohort.tab.sessions'], { backwards: true });
    await page.keyboard.press('Enter');
    await tabTo(page, 'Edit “Seoul bus reform”');
    await page.keyboard.press('Space');
    // The form opens with its first field focused.
    expect((await focused(page)).name).toBe(en['sessions.sessionTitle']);
    await page.keyboard.press('End');
    await page.keyboard.type(' (revised)');
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe(en['sessions.kind']);
    await page.keyboard.press('ArrowDown'); // lecture → policy presentation
    await tabTo(page, en['sessions.duration']);
    await page.keyboard.press('ArrowUp'); // 90 → 91
    await tabTo(page, en['sessions.qaPremoderation']);
    await page.keyboard.press('Space');
    await screenshot(page, 'keyboard-session-edit');
    await tabTo(page, en['sessions.save']);
    await page.keyboard.press('Enter');
    await page.getByText('“Seoul bus reform (revised)” saved.').waitFor();
    // Closed, the form hands the focus back to the button that opened it.
    await expect.poll(async () => (await focused(page)).name).toBe('Edit “Seoul bus reform (revised)”');
    const session = await ctx.deps.db.selectFrom('sessions').select(['title', 'kind', 'duration_minutes', 'qa_premoderation']).where('id', '=', world.sessionId).executeTakeFirstOrThrow();
    expect(session).toEqual({ title: 'Seoul bus reform (revised)', kind: 'policy_presentation', duration_minutes: 91, qa_premoderation: true });

    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Cancel session “Seoul bus reform (revised)”');
    await page.keyboard.press('Enter');
    expect((await focused(page)).name).toBe(en['sessions.keep']);
    await page.keyboard.press('Enter');
    expect((await focused(page)).name).toBe('Cancel session “Seoul bus reform (revised)”');
    await expectAccessible(page);
  }, 60_000);

  it('a participant goes from My programme to the session page and asks a question, with the keyboard only', async () => {
    const { token } = await issueMagicLink(ctx.deps.db, world.omar, { now: new Date(), ttlMinutes: 60 });
    const page = await newPage({ locale: 'en-GB', timezoneId: 'Africa/Cairo' });
    await page.goto(`/sign-in#token=${token}`);
    await page.getByRole('heading', { name: en['programme.title'], level: 1 }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await tabTo(page, en['programme.openPage']);
    await screenshot(page, 'keyboard-my-programme');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Seoul bus reform (revised)', level: 1 }).waitFor();
    await page.locator('[data-connection="online"]').waitFor();

    await tabTo(page, en['qa.yourQuestion']);
    const question = 'How did Seoul keep fares affordable during the bus reform?';
    await page.keyboard.type(question);
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe(en['qa.askAnonymously']);
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe(en['qa.ask']);
    await page.keyboard.press('Enter');
    // The coordinator switched on premoderation above: the author sees her question waiting for approval.
    await page.locator('li.question', { hasText: question }).getByText(en['qa.awaiting']).waitFor();
    expect(await page.getByLabel(en['qa.yourQuestion']).inputValue()).toBe('');
    await screenshot(page, 'keyboard-question-asked');
    await expectAccessible(page);
  }, 60_000);
});
