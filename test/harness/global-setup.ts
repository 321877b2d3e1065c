import type { TestProject } from 'vitest/node';
import { createDb, migrateToLatest } from '../../server/db/database.ts';
import { databaseUrl, uniqueName, withAdminClient } from './databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

const STALE_AFTER_MS = 3 * 60 * 60 * 1000;

/** Builds a migrated template database once per run; every test file clones it. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  await dropStaleDatabases();
  const template = uniqueName('lc_template');
  await withAdminClient((client) => client.query(`CREATE DATABASE ${template}`));
  const db = createDb(databaseUrl(template), 1);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide('templateDatabase', template);
  return async () => {
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  };
}

/** Databases an interrupted run left behind; names carry their creation time, so parallel runs are safe. */
async function dropStaleDatabases(): Promise<void> {
  await withAdminClient(async (client) => {
    const found = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^lc_(test|template)_'`);
    for (const { datname } of found.rows) {
      const created = parseInt(datname.split('_')[2] ?? '', 36);
      if (Number.isFinite(created) && Date.now() - created > STALE_AFTER_MS) {
        await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
      }
    }
  });
}
