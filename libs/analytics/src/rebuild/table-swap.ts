import type { AnalyticsClient } from '../analytics-client.js';
import { ddlFor, localTable } from '../migrations/cluster-ddl.js';
import { parseShadowName, rebuildMark, shadowName } from './shadow-tables.js';

/*
 * Swapping a rebuild's copies in, and settling what a rebuild left behind.
 *
 * EXCHANGE TABLES swaps two tables' names atomically (Atomic databases,
 * chDB's and a server's default). On a cluster the per-node parts
 * `t_local` are swapped, ON CLUSTER: the Distributed table `t` reads the
 * part by name, so it reads the rebuilt rows from then on. One statement
 * swaps one pair: between two of them some tables are swapped and others
 * not, which readers of this process never see (swap-gate.ts), and which a
 * crash resolves on the next start (settleRebuilds).
 */

const TABLES_SQL = 'SELECT name, comment FROM system.tables WHERE database = currentDatabase()';

/** What EXCHANGE TABLES swaps for a table: the table, or on a cluster its per-node part. */
const swapped = (table: string, cluster: string | undefined) => (cluster === undefined ? table : localTable(table));

const onCluster = (cluster: string | undefined) => (cluster === undefined ? '' : ` ON CLUSTER \`${cluster}\``);

/** The statement swapping `table` with its copy in rebuild `id` (and back, run again). */
export const exchangeSql = (table: string, id: string, cluster: string | undefined) =>
  `EXCHANGE TABLES ${swapped(table, cluster)} AND ${swapped(shadowName(table, id), cluster)}${onCluster(cluster)}`;

/** Puts the copies of rebuild `id` under the live names, one table at a time; the old rows end up under the copies' names. */
export async function swapIn(client: AnalyticsClient, tables: readonly string[], id: string, cluster: string | undefined): Promise<void> {
  for (const table of tables) await client.command({ query: exchangeSql(table, id, cluster) });
}

/**
 * Settles every rebuild whose copies are still there (after a crash, a
 * failure, or a swap just completed), so that one set of tables serves:
 * - none or only some of the live tables hold a rebuild's rows (cut short
 *   while replaying or while swapping): the swapped ones are swapped back,
 *   and the old tables serve as before the rebuild;
 * - all of them do (the swap completed): the rebuilt tables serve.
 * Then the copies, holding whichever rows lost, are dropped. Run before the
 * projector starts and before reads; running it again changes nothing.
 */
export async function settleRebuilds(client: AnalyticsClient, cluster: string | undefined): Promise<void> {
  const listed = await (await client.query({ query: TABLES_SQL, format: 'JSONEachRow' })).json<{ name: string; comment: string }>();
  const comments = new Map(listed.map(({ name, comment }) => [name, comment]));
  const copies = new Map<string, Set<string>>();
  for (const name of comments.keys()) {
    const copy = parseShadowName(cluster === undefined ? name : name.replace(/_local$/, ''));
    if (copy) copies.set(copy.id, (copies.get(copy.id) ?? new Set()).add(copy.table));
  }
  for (const [id, tables] of copies) {
    const pairs = [...tables].filter(
      (table) => comments.has(swapped(table, cluster)) && comments.has(swapped(shadowName(table, id), cluster)),
    );
    const rebuilt = pairs.filter((table) => comments.get(swapped(table, cluster)) === rebuildMark(id));
    if (rebuilt.length < pairs.length) await swapIn(client, rebuilt, id, cluster);
    for (const table of tables) {
      for (const statement of ddlFor(`DROP TABLE IF EXISTS ${shadowName(table, id)} SYNC`, cluster))
        await client.command({ query: statement });
    }
  }
}
