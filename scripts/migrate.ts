// npm run migrate: create the database if needed and apply every pending migration.
import { loadConfig } from '../server/config.ts';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../server/db/database.ts';
import { exitOnStartupError } from '../server/process.ts';

try {
  const config = loadConfig();
  if (await ensureDatabaseExists(config.DATABASE_URL)) console.log('Created the database.');
  const db = createDb(config.DATABASE_URL, 1);
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await db.destroy();
  }
} catch (error) {
  exitOnStartupError(error, 'The migration');
}
