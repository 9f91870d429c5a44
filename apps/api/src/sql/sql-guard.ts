import type { AnalystTables } from '@orghealth/analytics';

/**
 * What an analyst's statement may read, decided on ClickHouse's own parse
 * of it (`EXPLAIN AST`, one node a line, indented by depth) rather than on
 * the SQL text, so quoting, comments and casing cannot hide a table.
 *
 * Allowed: SELECT (with WITH, joins, subqueries), DESCRIBE, EXPLAIN and SHOW
 * TABLES, reading the analytics database's own tables and views, the
 * `system.numbers`/`one`/`zeros` generators and the `numbers`/`zeros`/
 * `values` table functions. Refused: every other table function (file, url,
 * remote, merge, …: they read files, the network or tables past the org
 * filters), other databases (system tables list other orgs' queries and
 * parts), functions that read files or dictionaries, a SETTINGS clause
 * (it could switch the org filters off), and INTO OUTFILE.
 */
export interface AnalyticsCatalog {
  /** Tables of the analytics database with an org_id column: each gets the caller's org filter. */
  orgTables: ReadonlySet<string>;
  /** The analytics database's views (the analyst views): they read org tables, filtered in turn. */
  views: ReadonlySet<string>;
  /** Every table and view of the analytics database. */
  all: ReadonlySet<string>;
}

/** Tables without org rows that analysts may still read (the projector's bookkeeping). */
const BOOKKEEPING_TABLES = new Set(['projector_checkpoints', 'schema_migrations']);
const GENERATOR_TABLES = new Set(['system.numbers', 'system.one', 'system.zeros']);
const TABLE_FUNCTIONS = new Set(['numbers', 'zeros', 'values']);
const STATEMENTS = new Set(['SelectWithUnionQuery', 'SelectIntersectExceptQuery', 'DescribeQuery', 'Explain', 'ShowTables']);
const FORBIDDEN_FUNCTION = /^(file|joinGet\w*|dict\w*|getServerSetting|getMacro|filesystem\w*)$/i;
/** `x IN name` reads the table `name`: its right-hand side is a table source too. */
const IN_FUNCTION = /^(global)?(not)?(null)?in$/i;

interface AstNode {
  depth: number;
  kind: string;
  name: string | undefined;
}

function parseAst(lines: readonly string[]): AstNode[] {
  return lines.map((line) => {
    const [kind = '', name] = line.trim().split(' ');
    return { depth: line.length - line.trimStart().length, kind, name: name?.startsWith('(') ? undefined : name };
  });
}

/** Why the statement is refused, or undefined when it may run. */
export function refusal(astLines: readonly string[], catalog: AnalyticsCatalog): string | undefined {
  const nodes = parseAst(astLines);
  const statement = nodes[0];
  if (!statement || !STATEMENTS.has(statement.kind)) {
    return `readonly: only SELECT, WITH, DESCRIBE, EXPLAIN and SHOW TABLES statements are allowed, not ${statement?.kind ?? 'nothing'}`;
  }
  for (const [index, node] of nodes.entries()) {
    if (node.kind === 'Set') return 'a SETTINGS clause is not allowed: the engine sets the limits';
    if (node.depth === 1 && node.kind === 'Literal') return 'INTO OUTFILE is not allowed';
    if (node.kind === 'Function' && node.name && FORBIDDEN_FUNCTION.test(node.name)) return `the function ${node.name} is not allowed`;
    if (node.kind === 'Function' && node.name && IN_FUNCTION.test(node.name)) {
      const rightHand = childrenOf(nodes, index + 1)[1];
      const problem = rightHand?.kind === 'Identifier' ? sourceRefusal({ ...rightHand, kind: 'TableIdentifier' }, catalog) : undefined;
      if (problem) return problem;
    }
    if (node.kind !== 'TableExpression') continue;
    const source = nodes[index + 1];
    if (!source || source.depth !== node.depth + 1) continue;
    const problem = sourceRefusal(source, catalog);
    if (problem) return problem;
  }
  return undefined;
}

/** The direct children of the node at `index`. */
function childrenOf(nodes: readonly AstNode[], index: number): AstNode[] {
  const parent = nodes[index];
  if (!parent) return [];
  const children: AstNode[] = [];
  for (let next = index + 1; next < nodes.length && nodes[next]!.depth > parent.depth; next++) {
    if (nodes[next]!.depth === parent.depth + 1) children.push(nodes[next]!);
  }
  return children;
}

function sourceRefusal(source: AstNode, catalog: AnalyticsCatalog): string | undefined {
  const name = source.name ?? '';
  if (source.kind === 'Subquery') return undefined;
  if (source.kind === 'Function') {
    return catalog.views.has(name) || TABLE_FUNCTIONS.has(name)
      ? undefined
      : `the table function ${name} is not allowed: read the analytics tables and views`;
  }
  if (source.kind === 'TableIdentifier') {
    if (name.includes('.'))
      return GENERATOR_TABLES.has(name) ? undefined : `${name}: only the analytics database's own tables and views can be read`;
    // A name that is no table of the database can only be a WITH alias (or an error from ClickHouse).
    if (!catalog.all.has(name) || catalog.orgTables.has(name) || catalog.views.has(name) || BOOKKEEPING_TABLES.has(name)) return undefined;
    return `${name} is not open to analysts`;
  }
  return `${source.kind} is not allowed as a table source`;
}

/**
 * What an analyst's ClickHouse user is granted on a server: the tables and
 * views this guard lets a statement read, and which of them hold org rows.
 */
export function analystTables(catalog: AnalyticsCatalog): AnalystTables {
  const readable = [...catalog.all].filter(
    (name) => catalog.orgTables.has(name) || catalog.views.has(name) || BOOKKEEPING_TABLES.has(name),
  );
  return { withOrg: [...catalog.orgTables].sort(), readable: readable.sort() };
}

/**
 * ClickHouse's additional_table_filters for one org: every org table reads
 * as if it held that org's rows only, wherever it is named (inside views,
 * subqueries, joins). The org id is validated (no quote can occur in it),
 * and quoted again here for the setting's map literal.
 */
export function orgFilters(orgId: string, orgTables: Iterable<string>): string {
  if (!/^[A-Za-z0-9._-]+$/.test(orgId)) throw new Error(`org id ${orgId} cannot be used in a filter`);
  return `{${[...orgTables].map((table) => `'${table}': 'org_id = ''${orgId}'''`).join(', ')}}`;
}
