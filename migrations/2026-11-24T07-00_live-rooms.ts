import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per session's LiveKit room: the record of the side effect, so a retry never doubles it.
  await db.schema
    .createTable('live_rooms')
    .addColumn('session_id', 'uuid', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
    .addColumn('room_name', 'text', (c) => c.notNull().unique())
    .addColumn('opened_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('live_rooms_closed_after_opened', sql`closed_at IS NULL OR opened_at IS NULL OR closed_at >= opened_at`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_rooms').execute();
}
