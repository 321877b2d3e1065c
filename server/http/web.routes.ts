import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from './env.ts';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

/** Serves the web app's entry page for every non-API path (the app routes on the client). */
export function webRoutes() {
  const router = new Hono<AppEnv>();
  let page: string | undefined;
  router.get('*', async (c) => {
    page ??= await readFile(path.join(webRoot, 'index.html'), 'utf8');
    return c.html(page);
  });
  return router;
}
