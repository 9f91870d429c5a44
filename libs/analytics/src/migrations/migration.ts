/**
 * One step of the analytics schema. Applied migrations are never edited: a
 * change is a new migration with the next version. Every statement must be
 * safe to run again (`IF NOT EXISTS`, ...), since a crash between a
 * statement and the migration's record in `schema_migrations` runs it twice.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}
