import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseUrl, dropTestDatabase, testRedisUrl, uniqueName } from './harness/databases.ts';
import { listening, spawnEntry } from './harness/processes.ts';
import { inject } from 'vitest';

let database: string | undefined;
afterAll(async () => {
  if (database) await dropTestDatabase(database);
});

describe('SIGTERM', () => {
  it('does not drop a request already accepted, then exits 0 and stops listening', async () => {
    database = await createTestDatabase(inject('templateDatabase'));
    const server = spawnEntry('server/main.ts', { DATABASE_URL: databaseUrl(database), REDIS_URL: testRedisUrl, REDIS_PREFIX: uniqueName('lcstop'), PORT: '0', DEMO_DATA: 'off', NODE_ENV: 'test' });
    const port = await listening(server);
    const body = JSON.stringify({ email: 'slow@client.test', password: 'typed slowly on a weak connection' });

    // A client on a weak connection: headers sent, body still on its way when the server is told to stop.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/auth/sign-in', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
      request.write(body.slice(0, 10));
      request.on('socket', (socket) => socket.on('connect', () => {
        setTimeout(() => {
          server.child.kill('SIGTERM');
          setTimeout(() => request.end(body.slice(10)), 300);
        }, 100);
      }));
    });

    const response = await answer;
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'unauthenticated' });
    expect(await server.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
