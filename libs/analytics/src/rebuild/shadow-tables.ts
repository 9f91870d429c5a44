import { ddlFor } from '../migrations/cluster-ddl.js';
import type { Migration } from '../migrations/migration.js';

/*
 * A rebuild projects into copies of the projected tables, `t__rebuild_<id>`,
 * created by the migrations' own statements under the copy's name, so that a
 * copy has the schema of its live table on one server and on a cluster
 * alike (a replicated copy gets a Keeper path of its own, from its name).
 * Every copy is created with the comment `rebuild <id>`, which EXCHANGE
 * TABLES carries along with the rows: whatever name a table has, its comment
 * tells whether it holds that rebuild's rows (table-swap.ts relies on it).
 */

const SEPARATOR = '__rebuild_';
const SHADOW = /^(\w+?)__rebuild_([0-9a-z]+)$/;
const CREATE_TABLE = /^(\s*CREATE TABLE IF NOT EXISTS )(\w+)( [\s\S]*)$/;
const ALTER_TABLE = /^(\s*ALTER TABLE )(\w+)( [\s\S]*)$/;
const DROP_TABLE = /^(\s*DROP TABLE IF EXISTS )(\w+)(\s[\s\S]*)?$/;
const VIEW = /^\s*CREATE OR REPLACE VIEW /;

export class UnshadowableStatementError extends Error {
  constructor(readonly statement: string) {
    super(`a rebuild cannot copy what this migration statement does: ${statement.trim().slice(0, 120)}`);
    this.name = 'UnshadowableStatementError';
  }
}

/** The name of `table`'s copy in rebuild `id`. */
export const shadowName = (table: string, id: string) => `${table}${SEPARATOR}${id}`;

/** The comment a table carries when it holds the rows of rebuild `id`. */
export const rebuildMark = (id: string) => `rebuild ${id}`;

/** The live table and the rebuild of a copy's name; undefined for any other name. */
export function parseShadowName(name: string): { table: string; id: string } | undefined {
  const match = SHADOW.exec(name);
  return match ? { table: match[1]!, id: match[2]! } : undefined;
}

/** The tables the projector writes: every table the migrations create and do not drop again. */
export function projectedTables(migrations: readonly Migration[]): string[] {
  const tables: string[] = [];
  for (const statement of migrations.flatMap((migration) => migration.statements)) {
    const created = CREATE_TABLE.exec(statement)?.[2];
    if (created && !tables.includes(created)) tables.push(created);
    const dropped = DROP_TABLE.exec(statement)?.[2];
    if (dropped && tables.includes(dropped)) tables.splice(tables.indexOf(dropped), 1);
  }
  return tables;
}

/**
 * The statements creating rebuild `id`'s copies, in their clustered form on
 * a cluster. Views are left out: they name the live tables, and the swap
 * puts the rebuilt rows under those names. A statement of another shape
 * (moving data, say) is refused, so such a migration fails its unit test
 * rather than a rebuild.
 */
export function shadowStatements(migrations: readonly Migration[], id: string, cluster: string | undefined): string[] {
  return migrations
    .flatMap((migration) => migration.statements)
    .flatMap((statement) => {
      if (VIEW.test(statement)) return [];
      const created = CREATE_TABLE.exec(statement);
      if (created) return [`${created[1]}${shadowName(created[2]!, id)}${created[3]} COMMENT '${rebuildMark(id)}'`];
      const renamed = ALTER_TABLE.exec(statement) ?? DROP_TABLE.exec(statement);
      if (renamed) return [`${renamed[1]}${shadowName(renamed[2]!, id)}${renamed[3] ?? ''}`];
      throw new UnshadowableStatementError(statement);
    })
    .flatMap((statement) => ddlFor(statement, cluster));
}
