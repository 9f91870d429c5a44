import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './schema-migrations.js';

/**
 * Opens the event store file for durable writes shared with other processes,
 * creating its directory and bringing its schema up to date.
 */
export function openDatabase(file: string, busyTimeoutMs: number): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    const journalMode = db.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal') throw new Error(`${file}: journal_mode is ${String(journalMode)}, the event store needs WAL`);
    // On every connection: this SQLite build opens a file already in WAL mode
    // with synchronous=NORMAL, which can lose the last commits on power loss.
    db.pragma('synchronous = FULL');
    // Checkpoint every ~40 MB of WAL instead of every 4 MB: each checkpoint fsyncs the database file
    // too, and at the default they cost a third of a bulk import's time.
    db.pragma('wal_autocheckpoint = 10000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
