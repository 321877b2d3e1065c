// npm run migrate: create the database if needed and apply every pending migration, saying which.
import { loadConfig } from '../server/config.ts';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../server/db/database.ts';
import { DependencyUnavailableError } from '../server/deps.ts';
import { exitOnStartupError } from '../server/process.ts';

try {
  const config = loadConfig();
  const created = await ensureDatabaseExists(config.DATABASE_URL).catch((error: unknown) => {
    throw new DependencyUnavailableError('PostgreSQL', config.DATABASE_URL, error);
  });
  const name = decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1));
  if (created) process.stdout.write(`Created the database ${name}.\n`);
  const db = createDb(config.DATABASE_URL, 1);
  try {
    const applied = await migrateToLatest(db);
    process.stdout.write(applied.length ? `Applied ${applied.length} migration(s) to ${name}:\n${applied.map((m) => `  ${m}\n`).join('')}` : `The database ${name} is up to date.\n`);
  } finally {
    await db.destroy();
  }
} catch (error) {
  exitOnStartupError(error, 'npm run migrate');
}
