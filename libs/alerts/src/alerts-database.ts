import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Step i brings the file from `user_version` i to i + 1. Append only: a step
 * that has shipped never changes.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE alert_settings (
     org_id     TEXT PRIMARY KEY,
     thresholds TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT;
   CREATE TABLE webhook_subscriptions (
     subscription_id TEXT PRIMARY KEY,
     org_id          TEXT NOT NULL,
     url             TEXT NOT NULL,
     secret          TEXT NOT NULL,
     rules           TEXT NOT NULL,
     after_revision  INTEGER NOT NULL,
     created_at      TEXT NOT NULL,
     deleted_at      TEXT
   ) STRICT;
   CREATE INDEX webhook_subscriptions_by_org ON webhook_subscriptions (org_id, created_at);
   CREATE TABLE webhook_outbox_checkpoints (
     org_id   TEXT PRIMARY KEY,
     revision INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE webhook_deliveries (
     delivery_id     TEXT PRIMARY KEY,
     subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (subscription_id),
     org_id          TEXT NOT NULL,
     event_id        TEXT NOT NULL,
     event_type      TEXT NOT NULL,
     alert_id        TEXT NOT NULL,
     body            TEXT NOT NULL,
     status          TEXT NOT NULL,
     attempts        INTEGER NOT NULL,
     next_attempt_at INTEGER NOT NULL,
     last_error      TEXT,
     created_at      TEXT NOT NULL,
     finished_at     TEXT,
     UNIQUE (subscription_id, event_id)
   ) STRICT;
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
   CREATE TABLE webhook_attempts (
     delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (delivery_id),
     attempt     INTEGER NOT NULL,
     at          TEXT NOT NULL,
     status_code INTEGER,
     error       TEXT,
     duration_ms INTEGER NOT NULL,
     PRIMARY KEY (delivery_id, attempt)
   ) STRICT;`,
];

/**
 * Opens `alerts.sqlite` in the data directory: per-org alert settings,
 * webhook subscriptions and the durable webhook outbox. A file of its own:
 * none of it is an event, and a rebuild of the analytics never touches it,
 * so history is never delivered twice.
 */
export function openAlertsDatabase(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    // A delivery acknowledged as queued must survive a power cut, as an event does.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current > MIGRATIONS.length)
        throw new Error(`${file}: schema version ${current} is newer than this build knows (${MIGRATIONS.length})`);
      for (const step of MIGRATIONS.slice(current)) db.exec(step);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export type AlertsDatabase = Database.Database;
