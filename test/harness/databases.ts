import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDefaultUser } from '../../server/db/database.ts';

/** PostgreSQL of the machine the tests run on; override with TEST_DATABASE_URL. */
export const testServerUrl = process.env['TEST_DATABASE_URL'] ?? 'postgres://127.0.0.1:5432/postgres';
export const testRedisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDefaultUser(databaseUrl('postgres')) });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const uniqueName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

/** A fresh database cloned from the migrated template (about 100 ms). */
export async function createTestDatabase(template: string): Promise<string> {
  const name = uniqueName('lc_test');
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
