import { OCCURRED_MS, ORG_ID_IS, type Timeline } from './timeline.js';

/** The people whose attribute `key` has `value` (metrics.md: `group=attribute:KEY=VALUE`). */
export interface AttributeGroup {
  key: string;
  value: string;
}

const LAST = `{last:DateTime64(3, 'UTC')}`;
const KEY = '{attributeKey:String}';
const NAMES_KEY = `(mapContains(attributes, ${KEY}) OR has(removed, ${KEY}))`;

/*
 * `attribute_members`: (k, person_id) of the people whose {attributeKey} is
 * {attributeValue} at each instant T_k, active or not (callers intersect it
 * with the org at T_k). A person's value at T is that of their latest row of
 * person_attributes naming the key with occurred_at <= T, unless a join came
 * after it: a rejoin starts the person's attributes afresh, so each join of
 * reporting_lines is a row that names every key with no value. At one
 * instant the join and its own attributes share (occurred_at, position); the
 * attributes rank after it. argMax over a tuple, as argMax skips a bare NULL.
 */
export const attributeMembersCte = (t: Timeline) => `
  attribute_changes AS (
    SELECT person_id, occurred_at, position, toUInt8(0) AS rank, CAST(NULL AS Nullable(String)) AS value
    FROM reporting_lines FINAL
    WHERE ${ORG_ID_IS} AND change = 'joined' AND occurred_at <= ${LAST}
      AND person_id IN (SELECT person_id FROM person_attributes WHERE ${ORG_ID_IS} AND ${NAMES_KEY})
    UNION ALL
    SELECT person_id, occurred_at, position, toUInt8(1) AS rank,
      if(mapContains(attributes, ${KEY}), attributes[${KEY}], NULL) AS value
    FROM person_attributes FINAL
    WHERE ${ORG_ID_IS} AND occurred_at <= ${LAST} AND ${NAMES_KEY}
  ),
  attribute_members AS MATERIALIZED (
    SELECT k, person_id FROM (
      SELECT k, person_id, argMax(tuple(value), (occurred_at, position, rank)).1 AS value
      FROM attribute_changes ARRAY JOIN ${t.every} AS k
      WHERE ${OCCURRED_MS} <= ${t.instantMs('k')}
      GROUP BY k, person_id
    )
    WHERE value = {attributeValue:String}
  )`;

/** The condition that keeps a row of (k, `column`) to the attribute group's members at T_k. */
export const inAttributeGroup = (column: string) => `(k, ${column}) IN (SELECT k, person_id FROM attribute_members)`;

/** The query parameters of an attribute group; none when there is no group. */
export const attributeGroupParams = (group: AttributeGroup | undefined): Record<string, string> =>
  group ? { attributeKey: group.key, attributeValue: group.value } : {};
