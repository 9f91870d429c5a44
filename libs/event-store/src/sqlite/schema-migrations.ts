import type Database from 'better-sqlite3';

/**
 * Step i brings a file from `user_version` i to i + 1. Append only: a step
 * that has shipped never changes, files in the field already ran it.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     position       INTEGER PRIMARY KEY AUTOINCREMENT,
     stream_id      TEXT    NOT NULL,
     revision       INTEGER NOT NULL,
     event_id       TEXT    NOT NULL UNIQUE,
     type           TEXT    NOT NULL,
     org_id         TEXT    NOT NULL,
     occurred_at    TEXT    NOT NULL,
     recorded_at    TEXT    NOT NULL,
     schema_version INTEGER NOT NULL,
     data           TEXT    NOT NULL,
     metadata       TEXT,
     UNIQUE (stream_id, revision)
   ) STRICT`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the file's schema to SCHEMA_VERSION; a no-op when it is there already. */
export function migrate(db: Database.Database): void {
  // IMMEDIATE: two processes opening a new file at once must not both run step 0.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(`${db.name}: schema version ${current} is newer than this build knows (${SCHEMA_VERSION})`);
    }
    if (current === SCHEMA_VERSION) return;
    for (const step of MIGRATIONS.slice(current)) db.exec(step);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
