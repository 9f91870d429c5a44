/**
 * The analytics DDL on a ClickHouse cluster (`CLICKHOUSE_CLUSTER`). The
 * migrations are written once, for one server; on a cluster each statement
 * becomes its clustered form, run once `ON CLUSTER`:
 *
 * - a table `t` becomes `t_local`, a Replicated* table on every node (each
 *   shard's replicas copy it through ClickHouse Keeper), and `t` itself, a
 *   Distributed table over the `t_local` of every shard. The projector and
 *   the queries keep naming `t`.
 * - rows go to the shard of their org (`cityHash64(org_id)`): every metric
 *   is asked about one org and joins that org's facts with its reporting
 *   lines, so with an org on one shard those joins and FINAL stay on the
 *   shard (distributed_product_mode = 'local', set by the client), and the
 *   copies of an event that a retried insert leaves are folded where they
 *   lie. Tables without an org (the checkpoint, the migrations record) are
 *   sharded by their first sorting column.
 * - views, column changes and drops are run ON CLUSTER, on both tables.
 *
 * A statement of another shape is refused: a migration that cannot be
 * clustered fails its unit test rather than a production start.
 */

export class UnclusterableStatementError extends Error {
  constructor(readonly statement: string) {
    super(`no clustered form for this migration statement: ${statement.trim().slice(0, 120)}`);
    this.name = 'UnclusterableStatementError';
  }
}

// Keeper path per shard and table; {shard} and {replica} are macros of each node's configuration.
const REPLICATION_ARGS = `'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'`;

const CREATE_TABLE = /^\s*CREATE TABLE IF NOT EXISTS (\w+) \(([\s\S]*)\)\s*ENGINE = (\w*MergeTree)(?:\(([^)]*)\))?([\s\S]*)$/;
const CREATE_VIEW = /^\s*CREATE OR REPLACE VIEW (\w+) AS\b([\s\S]*)$/;
const ALTER_COLUMNS = /^\s*ALTER TABLE (\w+) ((?:ADD|DROP|MODIFY|RENAME|COMMENT) COLUMN\b[\s\S]*)$/;
const DROP_TABLE = /^\s*DROP TABLE IF EXISTS (\w+)((?:\s+SYNC)?)\s*$/;
const ORDER_BY = /ORDER BY \(?\s*(\w+)/;

/** The name of a table's per-node part on a cluster. */
export const localTable = (table: string) => `${table}_local`;

function shardingKey(columns: string, rest: string): string {
  if (/^\s*org_id\b/m.test(columns)) return 'cityHash64(org_id)';
  const firstSortColumn = ORDER_BY.exec(rest)?.[1];
  if (!firstSortColumn) throw new UnclusterableStatementError(rest);
  return `cityHash64(${firstSortColumn})`;
}

/**
 * The statements that do on `cluster` what `statement` does on one server;
 * without a cluster, the statement itself.
 */
export function ddlFor(statement: string, cluster: string | undefined): string[] {
  if (cluster === undefined) return [statement];
  const onCluster = `ON CLUSTER \`${cluster}\``;

  const table = CREATE_TABLE.exec(statement);
  if (table) {
    const [, name, columns, engine, engineArgs, rest] = table as unknown as [string, string, string, string, string | undefined, string];
    const args = engineArgs?.trim() ? `${REPLICATION_ARGS}, ${engineArgs.trim()}` : REPLICATION_ARGS;
    return [
      `CREATE TABLE IF NOT EXISTS ${localTable(name)} ${onCluster} (${columns}) ENGINE = Replicated${engine}(${args})${rest}`,
      `CREATE TABLE IF NOT EXISTS ${name} ${onCluster} AS ${localTable(name)} ENGINE = Distributed(\`${cluster}\`, currentDatabase(), ${localTable(name)}, ${shardingKey(columns, rest)})`,
    ];
  }
  const view = CREATE_VIEW.exec(statement);
  if (view) return [`CREATE OR REPLACE VIEW ${view[1]} ${onCluster} AS${view[2]}`];
  const alter = ALTER_COLUMNS.exec(statement);
  if (alter) return [`ALTER TABLE ${localTable(alter[1]!)} ${onCluster} ${alter[2]}`, `ALTER TABLE ${alter[1]} ${onCluster} ${alter[2]}`];
  const drop = DROP_TABLE.exec(statement);
  if (drop)
    return [
      `DROP TABLE IF EXISTS ${drop[1]} ${onCluster}${drop[2]}`,
      `DROP TABLE IF EXISTS ${localTable(drop[1]!)} ${onCluster}${drop[2]}`,
    ];
  throw new UnclusterableStatementError(statement);
}
