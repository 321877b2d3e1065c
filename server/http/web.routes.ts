import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Hono } from 'hono';
import type { AppEnv } from './env.ts';

const defaultDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>livecohort</title></head><body><main><h1>livecohort</h1><p>The web app is not built yet: run <code>npm run build:web</code>. The API is running: see the <a href="/api/docs">API reference</a>.</p></main></body></html>`;

// Vite names every file under assets/ by its content hash, so a name never changes meaning: cache it for a year.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// The entry page names the current hashes; browsers must check it on every visit to pick up a release.
const REVALIDATE = 'no-cache';

const gzipAsync = promisify(gzip);
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

function safelyDecoded(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined; // a malformed escape names no file
  }
}

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    return (await stat(file)).isFile() ? await readFile(file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the built web app (web/dist): files as they are, and the entry page for every other path,
 * because the app routes on the client. A missing asset is a 404, never the entry page, so a
 * stale tab asking for an old chunk fails loudly instead of parsing HTML as JavaScript.
 */
export function webRoutes(options: { distDir?: string } = {}) {
  const distDir = path.resolve(options.distDir ?? defaultDist);
  const router = new Hono<AppEnv>();
  // Hashed assets never change, so each is compressed once per process; a participant on a
  // 400 kbit/s link downloads a quarter of the bytes.
  const compressed = new Map<string, Promise<Buffer>>();
  const gzipped = (file: string, body: Buffer) => {
    let found = compressed.get(file);
    if (!found) {
      found = gzipAsync(body, { level: 9 });
      compressed.set(file, found);
    }
    return found;
  };

  // Read on every visit (it is half a kilobyte): a rebuild is picked up without a restart.
  const sendEntryPage = async () => {
    const entryPage = await readIfFile(path.join(distDir, 'index.html'));
    const headers = { 'Content-Type': contentTypes['.html']!, 'Cache-Control': REVALIDATE, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
    return new Response(entryPage ? new Uint8Array(entryPage) : NOT_BUILT, { status: 200, headers });
  };

  router.get('*', async (c) => {
    const requested = safelyDecoded(c.req.path);
    if (requested === undefined) return sendEntryPage();
    const file = path.resolve(distDir, `.${path.posix.normalize(requested)}`);
    const inside = file.startsWith(distDir + path.sep);
    const extension = path.extname(file);
    if (inside && extension && extension !== '.html') {
      const body = await readIfFile(file);
      const isAsset = requested.startsWith('/assets/');
      if (!body) return isAsset ? c.text('Not found', 404) : sendEntryPage();
      const headers: Record<string, string> = {
        'Content-Type': contentTypes[extension] ?? 'application/octet-stream',
        'Cache-Control': isAsset ? IMMUTABLE : 'public, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
        Vary: 'Accept-Encoding',
      };
      if (isAsset && COMPRESSIBLE.has(extension) && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
        return c.body(new Uint8Array(await gzipped(file, body)), 200, { ...headers, 'Content-Encoding': 'gzip' });
      }
      return c.body(new Uint8Array(body), 200, headers);
    }
    return sendEntryPage();
  });
  return router;
}
