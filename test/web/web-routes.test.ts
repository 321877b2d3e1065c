import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../../server/http/web.routes.ts';

let dist: string;
let web: ReturnType<typeof webRoutes>;
const script = 'console.info("app");'.repeat(50);

beforeAll(async () => {
  dist = await mkdtemp(path.join(os.tmpdir(), 'livecohort-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>app</title><script type="module" src="/assets/index-abc123.js"></script>');
  await writeFile(path.join(dist, 'assets', 'index-abc123.js'), script);
  await writeFile(path.join(dist, 'assets', 'index-abc123.css'), 'body{margin:0}');
});
afterAll(() => rm(dist, { recursive: true, force: true }));
beforeAll(() => {
  web = webRoutes({ distDir: dist });
});

describe('serving the built web app', () => {
  it('hashed assets go out with their content type and a year-long immutable cache, gzipped when the browser accepts it', async () => {
    const plain = await web.request('/assets/index-abc123.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await plain.text()).toBe(script);
    const zipped = await web.request('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(script);
    expect((await web.request('/assets/index-abc123.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('client routes get the entry page, which browsers revalidate on every visit', async () => {
    for (const route of ['/', '/programme', '/sessions/5b1f7d1e-5f0e-4a43-9a55-2f1d9a0f3f51', '/sign-in']) {
      const response = await web.request(route);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('/assets/index-abc123.js');
    }
  });

  it('a missing asset is a 404, not the entry page, and paths cannot climb out of the build', async () => {
    expect((await web.request('/assets/index-old999.js')).status).toBe(404);
    const climbing = await web.request('/../../../etc/passwd');
    expect(await climbing.text()).not.toContain('root:');
    expect((await web.request('/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});
