import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openOwnerOnlyDatabase } from '../../security/owner-only-database.js';

/*
 * One random AES-256 key per person of an org, in its own SQLite file, apart
 * from the events: destroying a person's key makes every name, title and free
 * text of theirs in the event store (and in any copy or backup of it)
 * unreadable, while the events themselves, and so the metrics, stay whole.
 * secure_delete overwrites a deleted key's bytes in the file, and the rollback
 * journal (not WAL, which would keep the old page) is gone after each commit.
 */
const SCHEMA_SQL = `CREATE TABLE IF NOT EXISTS person_keys (
  org_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  key BLOB NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (org_id, person_id)
)`;
const KEY_SQL = 'SELECT key FROM person_keys WHERE org_id = ? AND person_id = ?';
const INSERT_KEY_SQL = 'INSERT OR IGNORE INTO person_keys (org_id, person_id, key, created_at) VALUES (?, ?, ?, ?)';
const DELETE_KEY_SQL = 'DELETE FROM person_keys WHERE org_id = ? AND person_id = ?';

/** How a sealed value starts: version 1 is AES-256-GCM, base64url of IV (12 bytes), tag (16), ciphertext. */
const SEALED_PREFIX = 'pd1:';

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(SEALED_PREFIX);

export class PersonalDataVault {
  private readonly keys = new Map<string, Buffer>();

  private constructor(private readonly db: Database.Database) {}

  static open(file: string): PersonalDataVault {
    return new PersonalDataVault(openOwnerOnlyDatabase(file, ['journal_mode = DELETE', 'secure_delete = ON'], SCHEMA_SQL));
  }

  /**
   * Creates the keys these people do not have yet, in one transaction: one
   * fsync for a whole import batch instead of one per person met.
   */
  ensureKeys(orgId: string, personIds: Iterable<string>): void {
    const missing = [...new Set(personIds)].filter((personId) => !this.keyOf(orgId, personId, false));
    if (missing.length === 0) return;
    const insert = this.db.prepare(INSERT_KEY_SQL);
    const createdAt = new Date().toISOString();
    this.db.transaction(() => {
      for (const personId of missing) insert.run(orgId, personId, randomBytes(32), createdAt);
    })();
  }

  /**
   * Encrypts a value with its owner's key, creating the key on first use. The
   * IV is derived from the key and the text, so the same text seals the same
   * way: a resent event is still recognised as a duplicate.
   */
  seal(orgId: string, personId: string, text: string): string {
    const key = this.keyOf(orgId, personId, true)!;
    const iv = createHmac('sha256', key).update(text).digest().subarray(0, 12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  /** The text of a sealed value, or undefined once its owner's key is destroyed (or the value is not ours). */
  open(orgId: string, personId: string, sealed: string): string | undefined {
    const key = this.keyOf(orgId, personId, false);
    if (!key || !isSealed(sealed)) return undefined;
    const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** Destroys the person's key: their sealed data can never be read again. True when there was one. */
  destroy(orgId: string, personId: string): boolean {
    this.keys.delete(`${orgId}\u0000${personId}`);
    return this.db.prepare(DELETE_KEY_SQL).run(orgId, personId).changes === 1;
  }

  close(): void {
    this.db.close();
  }

  private keyOf(orgId: string, personId: string, create: boolean): Buffer | undefined {
    const id = `${orgId}\u0000${personId}`;
    const cached = this.keys.get(id);
    if (cached) return cached;
    if (create) this.db.prepare(INSERT_KEY_SQL).run(orgId, personId, randomBytes(32), new Date().toISOString());
    const key = (this.db.prepare(KEY_SQL).get(orgId, personId) as { key: Buffer } | undefined)?.key;
    if (key) this.keys.set(id, key);
    return key;
  }
}

/** A personal value as readers see it: opened when sealed (undefined once erased); one recorded before sealing existed, as it is. */
export function reveal(vault: PersonalDataVault, orgId: string, personId: string, value: string | undefined): string | undefined {
  return isSealed(value) ? vault.open(orgId, personId, value) : value;
}
