import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach } from 'vitest';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { createRealtime } from '../../server/realtime/server.ts';
import { webRoutes } from '../../server/http/web.routes.ts';
import type { TestContext } from './context.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webDir = path.join(root, 'web');
export const artifactsDir = path.join(root, 'test-artifacts', 'web');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
}

/** A digest of everything the bundle is built from: sources, entry page, Vite config, lockfile. */
async function sourceDigest(): Promise<string> {
  const hash = createHash('sha256');
  const inputs = [...(await filesUnder(path.join(webDir, 'src'))), path.join(webDir, 'index.html'), path.join(webDir, 'vite.config.ts'), path.join(root, 'package-lock.json')];
  for (const file of inputs) hash.update(path.relative(root, file)).update('\0').update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

const exists = (file: string) => stat(file).then(() => true, () => false);

/**
 * The production bundle of the current sources, built with Vite's own `build()` into a directory
 * named by the sources' digest (so test files running in parallel, and later runs, share one build,
 * and web/dist, which a developer may be rebuilding, is never touched).
 */
export async function ensureWebBuild(): Promise<string> {
  const outDir = path.join(os.tmpdir(), `livecohort-web-${await sourceDigest()}`);
  if (await exists(path.join(outDir, 'index.html'))) return outDir;
  const building = `${outDir}.${process.pid}.tmp`;
  const { build } = await import('vite');
  await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir: building, emptyOutDir: true, sourcemap: false } });
  // Another file may have finished the same build meanwhile: either copy is the same bundle.
  await rename(building, outDir).catch(async () => rm(building, { recursive: true, force: true }));
  return outDir;
}

/** A free TCP port on the loopback, to put in PUBLIC_BASE_URL before the server exists. */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// What the server answers itself, before the web app: the API and the public certificate pages and documents.
const serverPaths = /^\/(api|verify|\.well-known|credentials)\//;

/**
 * The context's app with Socket.IO listening on `port`, the web app served from `distDir`.
 * The browser sends an Origin, so the context's PUBLIC_BASE_URL must be this very address.
 */
export async function serveApp(ctx: TestContext, port: number, distDir: string) {
  const web = webRoutes({ distDir });
  const fetch = (request: Request) => (serverPaths.test(new URL(request.url).pathname) ? ctx.app.fetch(request) : web.fetch(request));
  const http = await new Promise<HttpServer>((resolve) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, () => resolve(server as HttpServer));
  });
  const realtime = createRealtime(http, ctx.deps);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await realtime.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Debian's Chromium (browser downloads do not work here); CHROMIUM_PATH overrides. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const contextOptions = (baseURL: string, options: BrowserContextOptions = {}): BrowserContextOptions => ({ baseURL, viewport: { width: 1280, height: 900 }, ...options });

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; answers the serious and critical violations only. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: path.join(root, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Registers, for the calling test file, a screenshot of every page still open whenever a test fails. */
export function screenshotFailures(pages: readonly Page[]): void {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await Promise.all(pages.filter((p) => !p.isClosed()).map((p, i) => screenshot(p, `failure-${task.name.slice(0, 60)}-${i}`).catch(() => undefined)));
    });
  });
}
