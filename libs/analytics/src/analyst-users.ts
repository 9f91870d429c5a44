import { createHmac } from 'node:crypto';
import type { AnalystLimits } from '@orghealth/config';

/** What an analyst may read: the analytics tables and views open to analysts, and which of them hold org rows. */
export interface AnalystTables {
  /** Tables with an `org_id` column: each gets a row policy. */
  withOrg: readonly string[];
  /** Every table and view an analyst may read (withOrg among them). */
  readable: readonly string[];
}

export interface ClickHouseCredentials {
  username: string;
  password: string;
}

/** Where the users are created, and the engine's own user, which keeps reading every row. */
export interface AnalystUserTarget {
  database: string;
  cluster?: string | undefined;
  engineUser: string;
}

/** The most rows a result is cut at; the request's own maxRows (at most 1,000,000) is applied after. */
export const MAX_RESULT_ROWS = 1_000_001;
/** The generators the guard lets analysts read; every other system table stays ungranted. */
const GENERATOR_TABLES = ['system.numbers', 'system.one', 'system.zeros'];
const OPERATOR_USER = 'orghealth_operator';
const ENGINE_POLICY = 'orghealth_engine';
const ORG_ID = /^[A-Za-z0-9._-]+$/;

/** The ClickHouse user an org's analysts run as; `null` is the operator, who reads every org. */
export function analystUserName(orgId: string | null): string {
  if (orgId === null) return OPERATOR_USER;
  if (!ORG_ID.test(orgId)) throw new Error(`org id ${orgId} cannot name a ClickHouse user`);
  return `orghealth_analyst_${orgId}`;
}

/**
 * The user's password: an HMAC of the engine's analyst secret, so every API
 * process holding the same secret sets and uses the same password, and none
 * needs to store one.
 */
export function analystPassword(secret: string, username: string): string {
  return createHmac('sha256', secret).update(`orghealth analyst user ${username}`).digest('base64url');
}

const identifier = (name: string) => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
const literal = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/**
 * The statements, run by the engine's own user, that make `user` the
 * ClickHouse user of one org's analysts (or the operator's, `orgId` null):
 *
 * 1. the user, replaced whole (no grants left from before), with its
 *    settings fixed by constraints: readonly = 1 (no SET, SETTINGS, writes,
 *    DDL, temporary tables), the limits, the result cut;
 * 2. its row policy on every org table: `org_id = '<org>'` (the operator's
 *    reads every row), and the engine's own policy reading every row, since
 *    on servers where users_without_row_policies_can_read_rows is off a
 *    table with policies shows nothing to a user none names;
 * 3. SELECT on the readable tables and views and the generators, and
 *    nothing else: no other database, no system table, no FILE/URL/REMOTE
 *    source or CREATE TEMPORARY TABLE, which the table functions past the
 *    generators need.
 *
 * Grants come last: between the steps the user can read nothing. On a
 * cluster each statement runs ON CLUSTER, and the org tables' `_local`
 * parts are among `tables.withOrg`: a shard applies the initial user's row
 * policies to them.
 */
export function analystUserDdl(
  target: AnalystUserTarget,
  limits: AnalystLimits,
  user: ClickHouseCredentials,
  orgId: string | null,
  tables: AnalystTables,
): string[] {
  const onCluster = target.cluster ? ` ON CLUSTER ${identifier(target.cluster)}` : '';
  const name = identifier(user.username);
  const qualified = (table: string) => `${identifier(target.database)}.${identifier(table)}`;
  const settings = [
    'readonly = 1',
    `max_execution_time = ${limits.maxExecutionSeconds}`,
    `max_memory_usage = ${limits.maxMemoryBytes}`,
    `max_rows_to_read = ${limits.maxRowsToRead}`,
    `max_result_rows = ${MAX_RESULT_ROWS}`,
    "result_overflow_mode = 'break'",
    'allow_ddl = 0',
    'allow_introspection_functions = 0',
    // Joins of two distributed tables run shard-locally (an org's rows share a shard); the user cannot set it per query.
    ...(target.cluster ? ["distributed_product_mode = 'local'"] : []),
  ];
  const statements = [
    `CREATE USER OR REPLACE ${name}${onCluster} IDENTIFIED WITH sha256_password BY ${literal(user.password)} DEFAULT DATABASE ${identifier(target.database)} SETTINGS ${settings.map((setting) => `${setting} CONST`).join(', ')}`,
  ];
  if (tables.withOrg.length > 0) {
    if (orgId !== null && !ORG_ID.test(orgId)) throw new Error(`org id ${orgId} cannot be used in a row policy`);
    const orgTables = tables.withOrg.map(qualified).join(', ');
    const filter = orgId === null ? '1' : `org_id = ${literal(orgId)}`;
    statements.push(
      `CREATE ROW POLICY OR REPLACE ${name}${onCluster} ON ${orgTables} FOR SELECT USING ${filter} TO ${name}`,
      `CREATE ROW POLICY OR REPLACE ${ENGINE_POLICY}${onCluster} ON ${orgTables} FOR SELECT USING 1 TO ${identifier(target.engineUser)}`,
    );
  }
  const granted = [...tables.readable.map(qualified), ...GENERATOR_TABLES];
  statements.push(`GRANT${onCluster} ${granted.map((table) => `SELECT ON ${table}`).join(', ')} TO ${name}`);
  return statements;
}
