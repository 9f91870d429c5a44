import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * An SQLite file only its owner may read, for the engine's secrets (key
 * hashes, the audit log, personal data keys). The file is created 0600
 * before SQLite opens it because SQLite gives its journal and WAL files the
 * database file's permissions.
 */
export function openOwnerOnlyDatabase(file: string, pragmas: readonly string[], schemaSql: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new Database(file);
  for (const pragma of pragmas) db.pragma(pragma);
  db.exec(schemaSql);
  return db;
}
