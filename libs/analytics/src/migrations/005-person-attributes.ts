import type { Migration } from './migration.js';

/*
 * The attributes HR slices by (department, location, ...), one row per
 * PersonJoined or PersonUpdated that sets or removes any: `attributes` holds
 * the keys set, `removed` the keys a PersonUpdated set to null. A join's row
 * is its whole set; the person's value of a key at T is that of their latest
 * row with occurred_at <= T that names the key, unless a later join (in
 * reporting_lines) started them afresh (metrics/attribute-group.ts). No
 * personal data: attribute values are HR categories, not names or emails.
 */
export const personAttributes: Migration = {
  version: 5,
  name: 'person-attributes',
  statements: [
    `CREATE TABLE IF NOT EXISTS person_attributes (
      org_id LowCardinality(String),
      event_id String,
      position UInt64,
      occurred_at DateTime64(3, 'UTC'),
      person_id String,
      change Enum8('joined' = 1, 'updated' = 2),
      attributes Map(LowCardinality(String), String),
      removed Array(LowCardinality(String))
    ) ENGINE = ReplacingMergeTree ORDER BY (org_id, person_id, occurred_at, event_id)`,
  ],
};
