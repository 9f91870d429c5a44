import type { Migration } from './migration.js';

/*
 * The org's reporting-line history as path intervals (metrics/org-paths.ts):
 * a row says that from valid_from until just before valid_to the person was
 * active with this chain of managers from the top down to them. Derived from
 * reporting_lines alone, stored per version (the highest position of the
 * org's reporting lines it was computed from), and only trusted once its
 * version is recorded in org_path_versions, so a computation cut short is
 * never read. A rebuild drops both with every other table.
 */
export const orgPaths: Migration = {
  version: 3,
  name: 'org-paths',
  statements: [
    `CREATE TABLE IF NOT EXISTS org_paths (
      org_id LowCardinality(String),
      version UInt64,
      person_id String,
      path Array(String),
      valid_from DateTime64(3, 'UTC'),
      valid_to DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree ORDER BY (org_id, version, valid_from, person_id)`,

    `CREATE TABLE IF NOT EXISTS org_path_versions (
      org_id LowCardinality(String),
      version UInt64,
      computed_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree ORDER BY (org_id, version)`,
  ],
};
