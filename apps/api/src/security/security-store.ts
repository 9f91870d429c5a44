import type Database from 'better-sqlite3';
import { openOwnerOnlyDatabase } from './owner-only-database.js';
import type { Role } from './principal.js';

export interface StoredKey {
  id: string;
  orgId: string;
  role: Role;
  personId: string | null;
  label: string | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

/** A dashboard session: the principal it signed in as, what it rests on, and when it ends. */
export interface StoredSession {
  subject: string;
  orgId: string;
  role: Role;
  personId: string | null;
  /** `key:<id>` for an API key, `operator:<fingerprint>` for the operator's key, `jwt` for an SSO token. */
  source: string;
  expiresAt: string;
}

export interface AuditEntry {
  at: string;
  subject: string;
  orgId: string;
  role: string;
  action: string;
  target: string | null;
  ip: string;
  status: number;
}

/*
 * API keys (hashes only), dashboard sessions (hashes of their ids only), each org's privacy threshold and the audit log, in their own SQLite file beside
 * the event store: keys are not events (revoking one must really remove its
 * power, not add history), and the audit log must not grow the org streams.
 * The audit table refuses UPDATE and DELETE by trigger: append-only.
 */
const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    role TEXT NOT NULL,
    person_id TEXT,
    label TEXT,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE INDEX IF NOT EXISTS api_keys_by_org ON api_keys (org_id, created_at);
  CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    org_id TEXT NOT NULL,
    role TEXT NOT NULL,
    person_id TEXT,
    source TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sessions_by_source ON sessions (source);
  CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    subject TEXT NOT NULL,
    org_id TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    ip TEXT NOT NULL,
    status INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS audit_log_by_org ON audit_log (org_id, seq);
  CREATE TABLE IF NOT EXISTS org_settings (
    org_id TEXT PRIMARY KEY,
    min_group_size INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );
  CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`;

const INSERT_KEY_SQL = `INSERT INTO api_keys (id, org_id, role, person_id, label, secret_hash, created_at, created_by)
  VALUES (@id, @orgId, @role, @personId, @label, @hash, @createdAt, @createdBy)`;
const LIVE_KEYS_OF_ORG_SQL = 'SELECT count(*) AS live FROM api_keys WHERE org_id = ? AND revoked_at IS NULL';
const KEY_COLUMNS =
  'id, org_id AS orgId, role, person_id AS personId, label, created_at AS createdAt, created_by AS createdBy, revoked_at AS revokedAt';
const KEY_BY_ID_SQL = `SELECT ${KEY_COLUMNS}, secret_hash AS hash FROM api_keys WHERE id = ?`;
const KEYS_OF_ORG_SQL = `SELECT ${KEY_COLUMNS} FROM api_keys WHERE org_id = ? ORDER BY created_at, id`;
const REVOKE_KEY_SQL = 'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND org_id = ? AND revoked_at IS NULL';
const INSERT_SESSION_SQL = `INSERT INTO sessions (id_hash, subject, org_id, role, person_id, source, created_at, expires_at)
  VALUES (@idHash, @subject, @orgId, @role, @personId, @source, @createdAt, @expiresAt)`;
const SESSION_SQL = `SELECT subject, org_id AS orgId, role, person_id AS personId, source, expires_at AS expiresAt FROM sessions WHERE id_hash = ?`;
const DELETE_SESSION_SQL = 'DELETE FROM sessions WHERE id_hash = ?';
const DELETE_EXPIRED_SESSIONS_SQL = 'DELETE FROM sessions WHERE expires_at <= ?';
const DELETE_SESSIONS_OF_SOURCE_SQL = 'DELETE FROM sessions WHERE source = ?';
const MIN_GROUP_SIZE_SQL = 'SELECT min_group_size AS minGroupSize FROM org_settings WHERE org_id = ?';
const UPSERT_SETTINGS_SQL = `INSERT INTO org_settings (org_id, min_group_size, updated_at, updated_by) VALUES (@orgId, @minGroupSize, @at, @by)
  ON CONFLICT (org_id) DO UPDATE SET min_group_size = excluded.min_group_size, updated_at = excluded.updated_at, updated_by = excluded.updated_by`;
const INSERT_AUDIT_SQL = `INSERT INTO audit_log (at, subject, org_id, role, action, target, ip, status)
  VALUES (@at, @subject, @orgId, @role, @action, @target, @ip, @status)`;
const AUDIT_OF_ORG_SQL = `SELECT seq, at, subject, org_id AS orgId, role, action, target, ip, status FROM audit_log
  WHERE org_id = ? AND seq > ? ORDER BY seq LIMIT ?`;

export class SecurityStore {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string): SecurityStore {
    return new SecurityStore(openOwnerOnlyDatabase(file, ['journal_mode = WAL'], SCHEMA_SQL));
  }

  /** Stores the key unless its org already holds `maxLive` live keys; false then. Counted and added in one transaction. */
  addKey(key: Omit<StoredKey, 'revokedAt'> & { hash: string }, maxLive: number): boolean {
    return this.db.transaction(() => {
      const { live } = this.db.prepare(LIVE_KEYS_OF_ORG_SQL).get(key.orgId) as { live: number };
      if (live >= maxLive) return false;
      this.db.prepare(INSERT_KEY_SQL).run(key);
      return true;
    })();
  }

  key(id: string): (StoredKey & { hash: string }) | undefined {
    return this.db.prepare(KEY_BY_ID_SQL).get(id) as (StoredKey & { hash: string }) | undefined;
  }

  keysOf(orgId: string): StoredKey[] {
    return this.db.prepare(KEYS_OF_ORG_SQL).all(orgId) as StoredKey[];
  }

  /** True when the key existed in that org and was live; the dashboard sessions signed in with it end too. */
  revokeKey(orgId: string, id: string, at: Date): boolean {
    return this.db.transaction(() => {
      const revoked = this.db.prepare(REVOKE_KEY_SQL).run(at.toISOString(), id, orgId).changes === 1;
      if (revoked) this.db.prepare(DELETE_SESSIONS_OF_SOURCE_SQL).run(`key:${id}`);
      return revoked;
    })();
  }

  /** Stores a new session under the hash of its id; sessions already expired are dropped on the way. */
  addSession(idHash: string, session: StoredSession, at: Date): void {
    this.db.transaction(() => {
      this.db.prepare(DELETE_EXPIRED_SESSIONS_SQL).run(at.toISOString());
      this.db.prepare(INSERT_SESSION_SQL).run({ idHash, ...session, createdAt: at.toISOString() });
    })();
  }

  session(idHash: string): StoredSession | undefined {
    return this.db.prepare(SESSION_SQL).get(idHash) as StoredSession | undefined;
  }

  deleteSession(idHash: string): void {
    this.db.prepare(DELETE_SESSION_SQL).run(idHash);
  }

  /** The org's own privacy threshold, when an admin set one. */
  minGroupSize(orgId: string): number | undefined {
    return (this.db.prepare(MIN_GROUP_SIZE_SQL).get(orgId) as { minGroupSize: number } | undefined)?.minGroupSize;
  }

  setMinGroupSize(orgId: string, minGroupSize: number, by: string, at: Date): void {
    this.db.prepare(UPSERT_SETTINGS_SQL).run({ orgId, minGroupSize, at: at.toISOString(), by });
  }

  audit(entry: AuditEntry): void {
    this.db.prepare(INSERT_AUDIT_SQL).run(entry);
  }

  auditOf(orgId: string, after: number, limit: number): (AuditEntry & { seq: number })[] {
    return this.db.prepare(AUDIT_OF_ORG_SQL).all(orgId, after, limit) as (AuditEntry & { seq: number })[];
  }

  close(): void {
    this.db.close();
  }
}
