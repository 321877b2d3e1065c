// The web app's weight and speed for a participant on a weak connection: the gzip size of the
// JavaScript the session page loads, and the time until "My programme" shows its sessions in
// Chromium throttled to a 3G-like link, beside the same page unthrottled (npm run bench -- web,
// once bench/run.ts calls benchWeb; or `node bench/web.ts` alone).
import { readFile } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Temporal } from 'temporal-polyfill';
import { build } from 'vite';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createDeps, type Deps } from '../server/deps.ts';
import { issueMagicLink } from '../server/domain/auth/auth.service.ts';
import { deriveInstants, tzdbVersion } from '../server/time/instants.ts';
import { launchChromium } from '../test/harness/browser.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'web', 'dist');
// 400 ms round trip, 400 kbit/s down and up: Chrome DevTools' "Slow 3G" is of this order.
const THREE_G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const RUNS = 3;

type Manifest = Record<string, { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] }>;

/** Every chunk a manifest entry pulls in through static imports, itself included. */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key) || !manifest[key]) return seen;
  seen.add(key);
  for (const imported of manifest[key].imports ?? []) staticClosure(manifest, imported, seen);
  return seen;
}

async function gzipKiB(manifest: Manifest, keys: Iterable<string>): Promise<number> {
  let bytes = 0;
  for (const key of keys) bytes += gzipSync(await readFile(path.join(distDir, manifest[key]!.file))).length;
  return bytes / 1024;
}

async function buildAndWeigh() {
  const started = performance.now();
  await build({ configFile: path.join(root, 'web', 'vite.config.ts'), logLevel: 'warn', build: { manifest: true } });
  const seconds = (performance.now() - started) / 1000;
  const manifest = JSON.parse(await readFile(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const entry = staticClosure(manifest, 'index.html');
  const sessionPage = staticClosure(manifest, 'src/session/session-page.tsx', new Set(entry));
  const livekitKey = Object.keys(manifest).find((key) => key.includes('livekit-client'));
  const withMedia = livekitKey ? staticClosure(manifest, livekitKey, new Set(sessionPage)) : sessionPage;
  return { seconds, entryKiB: await gzipKiB(manifest, entry), sessionKiB: await gzipKiB(manifest, sessionPage), mediaKiB: await gzipKiB(manifest, withMedia) };
}

/** A Mexico City participant with 12 Seoul-morning sessions; answers a fresh sign-in link. */
async function seedParticipant(deps: Deps): Promise<string> {
  const { db } = deps;
  const programme = await db.insertInto('programmes').values({ title: 'Web bench programme', theme: 'smart_city', modules: '[]' }).returning('id').executeTakeFirstOrThrow();
  const firstDay = Temporal.Now.plainDateISO('Asia/Seoul').add({ days: 7 });
  const cohort = await db
    .insertInto('cohorts')
    .values({ programme_id: programme.id, title: 'Web bench cohort', first_day: firstDay.toString(), last_day: firstDay.add({ days: 30 }).toString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto('people')
    .values({ email: `web-bench-${Date.now()}@mexico.test`, name_latin: 'Web Bench', country: 'MX', time_zone: 'America/Mexico_City', locale: 'es' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('enrolments').values({ cohort_id: cohort.id, person_id: person.id, status: 'confirmed' }).execute();
  const sessions = Array.from({ length: 12 }, (_, i) => {
    const localStart = `${firstDay.add({ days: i * 2 }).toString()}T09:00`;
    const { startsAt, endsAt } = deriveInstants(localStart, 'Asia/Seoul', 90);
    return { cohort_id: cohort.id, kind: 'lecture' as const, title: `Lecture ${i + 1}`, local_start: localStart, time_zone: 'Asia/Seoul', duration_minutes: 90, starts_at: startsAt, ends_at: endsAt, tzdb_version: tzdbVersion() };
  });
  await db.insertInto('sessions').values(sessions).execute();
  return (await issueMagicLink(db, person.id, { now: new Date(), ttlMinutes: 60 })).token;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeToFirstRender(baseUrl: string, cookie: { name: string; value: string }, throttled: boolean): Promise<number[]> {
  const browser = await launchChromium();
  try {
    const timings: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // A new context each run: an empty cache, as on a participant's first visit.
      const context = await browser.newContext({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
      await context.addCookies([{ ...cookie, url: baseUrl }]);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      if (throttled) await cdp.send('Network.emulateNetworkConditions', THREE_G);
      const started = performance.now();
      await page.goto(`${baseUrl}/programme`, { waitUntil: 'commit' });
      await page.locator('li.session-card').first().waitFor({ timeout: 60_000 });
      timings.push(performance.now() - started);
      await context.close();
    }
    return timings;
  } finally {
    await browser.close();
  }
}

/** Builds web/dist, then prints the session page's JavaScript and My programme's first render, throttled and not. */
export async function benchWeb(env: Record<string, string>): Promise<void> {
  const weight = await buildAndWeigh();
  const deps = await createDeps(loadConfig({ ...env, PUBLIC_BASE_URL: 'http://127.0.0.1' }), { prepareDatabase: true });
  const http = await new Promise<HttpServer>((resolve) => {
    const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as HttpServer));
  });
  try {
    const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const token = await seedParticipant(deps);
    const redeem = await fetch(`${baseUrl}/api/auth/magic-links/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    const [name, value] = (redeem.headers.get('set-cookie') ?? '').split(';')[0]!.split('=');
    if (redeem.status !== 200 || !name || !value) throw new Error(`sign-in for the web bench failed: ${redeem.status}`);
    const baseline = await timeToFirstRender(baseUrl, { name, value }, false);
    const throttled = await timeToFirstRender(baseUrl, { name, value }, true);
    const ms = (values: number[]) => `median ${Math.round(median(values))} ms (runs: ${values.map((v) => Math.round(v)).join(', ')})`;
    console.log(`\nWeb app (production build in ${weight.seconds.toFixed(1)} s, gzip level 6)`);
    console.log(`  JavaScript, entry (My programme, sign-in)      ${weight.entryKiB.toFixed(1)} KiB gzip`);
    console.log(`  JavaScript, session page before joining media  ${weight.sessionKiB.toFixed(1)} KiB gzip`);
    console.log(`  JavaScript, session page with livekit-client   ${weight.mediaKiB.toFixed(1)} KiB gzip`);
    console.log(`  "My programme" first render, cold cache, Chromium, ${RUNS} runs`);
    console.log(`    baseline  unthrottled                        ${ms(baseline)}`);
    console.log(`    measured  3G-like (400 ms RTT, 400 kbit/s)   ${ms(throttled)} (target: usable within 5,000 ms)`);
  } finally {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await deps.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const databaseUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://127.0.0.1:5432/livecohort_bench';
  await benchWeb({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', DEMO_DATA: 'off', REDIS_PREFIX: 'lcbench-web', NODE_ENV: 'test' });
}
