import http from 'node:http';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, databaseUrl, dropTestDatabase, testRedisUrl, uniqueName } from './harness/databases.ts';
import { cleanUpProcesses, listening, refusesConnections, spawnEntry } from './harness/processes.ts';

let database: string | undefined;
const prefix = uniqueName('lcstop');
afterAll(async () => {
  await cleanUpProcesses([prefix]);
  if (database) await dropTestDatabase(database);
});

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('SIGTERM', () => {
  it('lets a request already in flight finish, then exits 0 and the port refuses connections', async () => {
    database = await createTestDatabase(inject('templateDatabase'));
    const server = spawnEntry('server/main.ts', { DATABASE_URL: databaseUrl(database), REDIS_URL: testRedisUrl, REDIS_PREFIX: prefix, PORT: '0', DEMO_DATA: 'off' });
    const port = await listening(server);
    const body = JSON.stringify({ email: 'slow.client@tashkent.example', password: 'typed on a weak connection' });

    // A client on a weak connection. "Expect: 100-continue" makes the server confirm that it has read the
    // headers (the request is in flight), so the stop signal provably lands before the body does.
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
    });
    request.flushHeaders();
    await new Promise<void>((resolve) => request.once('continue', () => resolve()));
    request.write(body.slice(0, 12));

    server.child.kill('SIGTERM');
    // The server stops accepting new connections while ours is still open, waiting for the rest of the body.
    await until(() => refusesConnections(port), 'the server stops accepting connections');
    request.end(body.slice(12));

    const response = await answer;
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'unauthenticated', status: 401 });
    expect(await server.exited).toBe(0);
    // pino writes to stdout; level 50 and above are errors (a failed or overdue shutdown).
    expect(server.stdout()).not.toMatch(/"level":(50|60)/);
    expect(await refusesConnections(port)).toBe(true);
  });
});
