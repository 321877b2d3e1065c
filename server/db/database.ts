import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promises as fs } from 'node:fs';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import type { Database } from './schema.ts';

const DATE_OID = 1082;
const TIMESTAMP_WITHOUT_TZ_OID = 1114;
const INT8_OID = 20;

// Calendar dates and wall-clock times are not instants: keep them as the strings PostgreSQL sent,
// so that no JavaScript Date ever shifts them into the process's own zone.
const typeOverrides: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === TIMESTAMP_WITHOUT_TZ_OID) return (value: string) => value.replace(' ', 'T');
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Like libpq, a URL without a user name connects as the operating-system user. */
export function withDefaultUser(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (!url.username) url.username = os.userInfo().username;
  return url.toString();
}

const PREPARE_MARK = /^(?:select )?\/\* prepare:([a-z0-9_]+) \*\//;

/**
 * A query whose text starts with `/* prepare:name *\/` (see `prepared()`) runs as a named prepared
 * statement: PostgreSQL parses and plans it once per connection instead of on every request. Kept for
 * the few hot, fixed-shape queries; everything else stays an unnamed statement.
 */
class PreparingClient extends pg.Client {
  override query(config: unknown, values?: unknown, callback?: unknown): never {
    const match = typeof config === 'string' ? PREPARE_MARK.exec(config) : null;
    const query = super.query as (...args: unknown[]) => never;
    // The name carries a digest of the text: each variant of a query (filters on or off) is its own statement.
    if (match) return query.call(this, { name: `${match[1]}_${createHash('sha1').update(config as string).digest('hex').slice(0, 12)}`, text: config, values }, callback);
    return query.call(this, config, values, callback);
  }
}

/** Marks a Kysely select (`.modifyFront(prepared('name'))`) to run as a named prepared statement. */
export const prepared = (name: string) => sql.raw(`/* prepare:${name} */`);

export function createDb(databaseUrl: string, poolSize = 10): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: withDefaultUser(databaseUrl), max: poolSize, types: typeOverrides, Client: PreparingClient });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Creates the database named in the URL when it does not exist yet (connecting to `postgres`). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(withDefaultUser(databaseUrl));
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) throw new Error('DATABASE_URL names no database');
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } catch (error) {
      // Another process created it between our check and our CREATE.
      const code = (error as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw error;
    }
    return true;
  } finally {
    await client.end();
  }
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
