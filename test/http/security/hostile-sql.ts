/** One analyst request: the statement, and the {name:Type} values it names. */
export interface HostileStatement {
  sql: string;
  params?: Record<string, string>;
}

/** What the statements aim at: the other org, a file planted with a marker, the engine's own files and HTTP port. */
export interface Targets {
  theirs: string;
  markerFile: string;
  dataDir: string;
  apiUrl: string;
}

/*
 * Statements an analyst of one org might send to read another org's rows,
 * the files of the server or the network: each must be refused (400) or
 * answer without a trace of the other org, of the marker file or of the
 * process's environment. Grouped by the trick each one tries.
 */
export function hostileStatements({ theirs, markerFile, dataDir, apiUrl }: Targets): HostileStatement[] {
  const readsTheirs = `SELECT org_id, person_id FROM reporting_lines FINAL WHERE org_id = '${theirs}'`;
  const plain = [
    // Reading the other org directly, through views, subqueries, CTEs, joins.
    'SELECT * FROM reporting_lines',
    'SELECT * FROM reporting_lines FINAL WHERE org_id != {mine:String}',
    `SELECT * FROM reporting_lines WHERE org_id = '${theirs}'`,
    'SELECT DISTINCT org_id FROM check_ins',
    'SELECT * FROM (SELECT * FROM reporting_lines) AS everything',
    'WITH everyone AS (SELECT * FROM reporting_lines) SELECT * FROM everyone',
    'SELECT a.* FROM reporting_lines AS a JOIN check_ins AS b ON a.org_id = b.org_id',
    `SELECT * FROM people_as_of(orgId = '${theirs}', asOf = '2026-07-01 00:00:00')`,
    `SELECT * FROM managers_as_of(orgId = '${theirs}', asOf = '2026-07-01 00:00:00')`,
    `SELECT * FROM practice_facts_as_of(orgId = '${theirs}', asOf = '2026-07-01 00:00:00')`,
    // Settings that would switch the filter or the limits off.
    'SELECT * FROM reporting_lines SETTINGS additional_table_filters = {}',
    "SELECT * FROM reporting_lines SETTINGS additional_table_filters = {'reporting_lines': '1'}",
    // Table functions: other tables, files, the network.
    "SELECT * FROM merge(currentDatabase(), '.*')",
    "SELECT * FROM merge(currentDatabase(), '^reporting')",
    "SELECT * FROM remote('127.0.0.1', currentDatabase(), 'reporting_lines')",
    "SELECT * FROM file('/etc/passwd', 'LineAsString')",
    "SELECT file('/etc/passwd')",
    "SELECT * FROM url('http://127.0.0.1:9/', 'LineAsString')",
    "DESCRIBE TABLE url('http://127.0.0.1:9/', 'CSV')",
    // Other databases and the engine's own tables.
    'SELECT * FROM system.parts',
    'SELECT * FROM `system`.`tables`',
    'SELECT * FROM "system"."columns"',
    'SELECT * FROM system.processes',
    'SELECT * FROM system.query_log',
    'SHOW PROCESSLIST',
    'SELECT * FROM dead_letters',
    'SELECT * FROM view(SELECT * FROM reporting_lines)',
    "SELECT * FROM cluster('default', currentDatabase(), 'reporting_lines')",
    "SELECT 1 INTO OUTFILE '/tmp/orghealth-leak.csv'",
    'SELECT * FROM reporting_lines /* comment */ UNION ALL SELECT * FROM reporting_lines',
    "SELECT * FROM input('x String')",
    "SELECT joinGet('reporting_lines', 'person_id', 'x')",
    "SELECT dictGet('d', 'x', 1)",
    "EXPLAIN SELECT * FROM file('/etc/passwd', 'LineAsString')",
    'SELECT * FROM reporting_lines; SELECT 1',
    'SELECT count() FROM system.one WHERE dummy IN system.tables',
    'SELECT count() FROM system.one WHERE dummy GLOBAL NOT IN system.processes',

    // Several statements: chDB runs them all, so whatever follows the first must never run.
    `SELECT 1 WHERE 0; SET additional_table_filters = '{}'; ${readsTheirs}`,
    "SELECT 1 WHERE 0; SELECT * FROM file('/proc/self/environ', 'RawBLOB')",
    "SELECT 1 WHERE 0; SELECT file('/proc/self/environ')",
    `SELECT 1 WHERE 0; SELECT file('${markerFile}')`,
    `SELECT 1 WHERE 0; SELECT * FROM file('${markerFile}', 'RawBLOB')`,
    "SELECT 1 WHERE 0; SELECT * FROM file('/etc/passwd', 'LineAsString')",
    `SELECT 1 WHERE 0; SELECT * FROM file('${dataDir}/personal-data-keys.sqlite', 'RawBLOB')`,
    `SELECT 1 WHERE 0; SELECT * FROM url('${apiUrl}/health', 'RawBLOB')`,
    'SELECT 1 WHERE 0; SELECT * FROM system.tables',
    'SELECT 1 WHERE 0; SET readonly = 0',
    `SET additional_table_filters = '{}'; ${readsTheirs}`,
    `SELECT 1 WHERE 0;SET additional_table_filters='{}';${readsTheirs};`,
    `SELECT 1 WHERE 0 -- a comment\n; SET additional_table_filters = '{}'; ${readsTheirs}`,
    `SELECT 1 WHERE 0 /* a comment */; ${readsTheirs} SETTINGS additional_table_filters = '{}'`,
    "SELECT ';' WHERE 0; SELECT file('/etc/passwd')",
    "SELECT 1 # it's a comment to ClickHouse\n; SELECT file('/etc/passwd') --'",
    "SELECT $$;$$; SELECT file('/etc/passwd')",
    "SELECT \u2018x'\u2019; SELECT file('/etc/passwd') --'",
    "SELECT 1 /* a /* nested */ */; SELECT file('/etc/passwd')",
    "EXPLAIN AST SELECT 1; SELECT file('/etc/passwd')",
    'DESCRIBE TABLE reporting_lines; SELECT * FROM reporting_lines SETTINGS additional_table_filters = {}',
    "SHOW TABLES; SELECT * FROM file('/etc/passwd', 'LineAsString')",
    "SELECT 1\n;\nSELECT * FROM url('http://127.0.0.1:9/', 'RawBLOB')",
    `WITH x AS (SELECT 1) SELECT * FROM x; ${readsTheirs}`,

    // Settings, alone or inside a subquery.
    "SET additional_table_filters = '{}'",
    'SET readonly = 0',
    'SET max_execution_time = 0',
    `${readsTheirs} SETTINGS readonly = 0`,
    `${readsTheirs} SETTINGS max_rows_to_read = 0, additional_table_filters = {}`,
    `SELECT * FROM (${readsTheirs} SETTINGS additional_table_filters = {})`,
    `SELECT person_id FROM reporting_lines WHERE person_id IN (SELECT person_id FROM reporting_lines SETTINGS additional_table_filters = {})`,

    // Formats that read files or write elsewhere.
    "SELECT 1 FORMAT Template SETTINGS format_template_resultset = '/etc/passwd'",
    "SELECT 1 FORMAT CapnProto SETTINGS format_schema = '/etc/passwd:x'",
    "SELECT * FROM format(LineAsString, 'x')",
    `${readsTheirs} INTO OUTFILE '/tmp/orghealth-leak-2.csv'`,
    `${readsTheirs} INTO OUTFILE '/tmp/orghealth-leak-3.csv' FORMAT CSV`,

    // More table functions.
    `SELECT * FROM file('${markerFile}', 'LineAsString')`,
    `SELECT * FROM file('${markerFile}', 'CSV', 'line String')`,
    `SELECT * FROM sqlite('${dataDir}/security.sqlite', 'api_keys')`,
    "SELECT * FROM executable('cat /etc/passwd', 'LineAsString', 'line String')",
    `SELECT * FROM url('${apiUrl}/health', 'RawBLOB')`,
    "SELECT * FROM s3('http://127.0.0.1:9/bucket/x.csv', 'CSV')",
    "SELECT * FROM remoteSecure('127.0.0.1', currentDatabase(), 'reporting_lines')",
    "SELECT * FROM clusterAllReplicas('default', currentDatabase(), 'reporting_lines')",
    "SELECT * FROM mysql('127.0.0.1:3306', 'db', 't', 'u', 'p')",
    "SELECT * FROM postgresql('127.0.0.1:5432', 'db', 't', 'u', 'p')",
    "SELECT * FROM loop(currentDatabase(), 'reporting_lines') LIMIT 10",
    "SELECT * FROM mergeTreeIndex(currentDatabase(), 'reporting_lines')",
    "SELECT * FROM generateRandom('a String') LIMIT 1",
    "SELECT * FROM dictionary('d')",
    "SELECT * FROM viewIfPermitted(SELECT * FROM reporting_lines ELSE null('org_id String'))",
    "SELECT * FROM fileCluster('default', '/etc/passwd', 'LineAsString')",

    // Functions that read files, settings or the server.
    `SELECT file('${markerFile}')`,
    `SELECT count() FROM numbers(1) WHERE file('${markerFile}') != ''`,
    "SELECT getServerSetting('path')",
    'SELECT filesystemAvailable()',
    "SELECT arrayJoin(splitByChar('\\n', file('/etc/passwd')))",

    // Comments and casing hiding a source.
    'SELECT * FROM /* comment */ system.tables',
    "SELECT * FROM -- comment\n file('/etc/passwd', 'LineAsString')",
    'select * from SYSTEM.TABLES',
    "SeLeCt * FrOm FiLe('/etc/passwd', 'LineAsString')",

    // CTEs.
    "WITH x AS (SELECT * FROM file('/etc/passwd', 'LineAsString')) SELECT * FROM x",
    'WITH (SELECT groupArray(name) FROM system.tables) AS t SELECT t',
    'WITH reporting_lines AS (SELECT * FROM system.tables) SELECT * FROM reporting_lines',
    "WITH 'system' AS db SELECT * FROM merge(db, 'tables')",

    // UNION, EXCEPT, INTERSECT.
    'SELECT person_id FROM reporting_lines UNION ALL SELECT name FROM system.tables',
    "SELECT 'x' UNION ALL SELECT * FROM file('/etc/passwd', 'LineAsString')",
    `SELECT person_id FROM reporting_lines EXCEPT SELECT person_id FROM reporting_lines WHERE org_id = '${theirs}'`,
    `SELECT org_id FROM reporting_lines INTERSECT SELECT '${theirs}'`,

    // Subqueries and joins.
    'SELECT (SELECT groupArray(person_id) FROM reporting_lines)',
    'SELECT * FROM (SELECT * FROM system.parts)',
    "SELECT (SELECT * FROM file('/etc/passwd', 'RawBLOB'))",
    'SELECT * FROM reporting_lines AS a CROSS JOIN system.tables AS b',
    "SELECT * FROM reporting_lines AS a JOIN file('/etc/passwd', 'LineAsString') AS b ON 1",
    `SELECT a.person_id FROM reporting_lines AS a LEFT JOIN (SELECT * FROM reporting_lines SETTINGS additional_table_filters = {}) AS b ON a.org_id != b.org_id`,

    // arrayJoin.
    'SELECT arrayJoin((SELECT groupArray(org_id) FROM reporting_lines))',
    'SELECT arrayJoin([(SELECT count() FROM system.tables)])',

    // IN against system tables and the other org.
    'SELECT 1 WHERE 1 IN (SELECT 1 FROM system.tables)',
    "SELECT count() FROM system.one WHERE 'reporting_lines' IN (SELECT name FROM system.tables)",
    `SELECT '${theirs}' IN (SELECT org_id FROM reporting_lines) AS found`,
    'SELECT count() FROM system.one WHERE dummy GLOBAL IN system.parts',

    // Huge generators: the limits stop them, the server stays up.
    'SELECT count() FROM numbers(1000000000000)',
    'SELECT sum(number) FROM numbers_mt(100000000000)',
    'SELECT count() FROM system.numbers',
    'SELECT groupArray(number) FROM numbers(10000000000)',
  ];
  // Identifiers and strings sent as parameters reach the same sources.
  const parameterised: HostileStatement[] = [
    { sql: 'SELECT * FROM {table:Identifier}', params: { table: 'system.tables' } },
    { sql: 'SELECT * FROM {db:Identifier}.{table:Identifier}', params: { db: 'system', table: 'processes' } },
    { sql: "SELECT * FROM file({path:String}, 'LineAsString')", params: { path: '/etc/passwd' } },
    { sql: 'SELECT file({path:String})', params: { path: markerFile } },
    { sql: 'SELECT count() FROM system.one WHERE dummy IN {table:Identifier}', params: { table: 'system.tables' } },
    { sql: 'SELECT * FROM reporting_lines WHERE org_id = {other:String}', params: { other: theirs } },
    { sql: 'SELECT * FROM people_as_of(orgId = {other:String}, asOf = {at:String})', params: { other: theirs, at: '2026-07-01 00:00:00' } },
    { sql: 'SELECT 1 WHERE 0; SET additional_table_filters = {f:String}', params: { f: '{}' } },
  ];
  return [...plain.map((sql) => ({ sql })), ...parameterised];
}
