import type { Migration } from './migration.js';

/*
 * Every table but the checkpoint is a ReplacingMergeTree whose sorting key
 * ends with event_id, and every other column is a function of the event: a
 * retried insert adds rows identical to the first ones, which FINAL (or a
 * merge) folds into one. Reads must therefore use FINAL (see the README).
 * Instants are DateTime64(3, 'UTC'); person and entity ids are the
 * customer's strings. Personal data (names, titles, free text) is not copied
 * here: no metric needs it.
 *
 * Fact tables that metrics read over a window (W before T) are partitioned by
 * month of occurred_at, so a window reads the few partitions it overlaps.
 * occurred_at is in the sorting key, so an event's copies share a partition
 * and FINAL still folds them. Tables read over their whole history
 * (reporting lines, plan interventions, approvals) are left in one partition.
 */
const BY_MONTH = 'PARTITION BY toYYYYMM(occurred_at)';

const EVENT_COLUMNS = `
  org_id LowCardinality(String),
  event_id String,
  position UInt64,
  occurred_at DateTime64(3, 'UTC')`;

export const initialSchema: Migration = {
  version: 1,
  name: 'initial-schema',
  statements: [
    // One row per structure event: the manager of p at T is the manager_id of p's latest row with
    // occurred_at <= T (position breaks ties), and p is active at T unless that row is a 'left'.
    `CREATE TABLE IF NOT EXISTS reporting_lines (${EVENT_COLUMNS},
      person_id String,
      change Enum8('joined' = 1, 'moved' = 2, 'left' = 3),
      manager_id Nullable(String)
    ) ENGINE = ReplacingMergeTree ORDER BY (org_id, person_id, occurred_at, event_id)`,

    `CREATE TABLE IF NOT EXISTS check_ins (${EVENT_COLUMNS},
      check_in_id String,
      leader_id String,
      report_id String,
      duration_minutes UInt16,
      progress LowCardinality(Nullable(String))
    ) ENGINE = ReplacingMergeTree ${BY_MONTH} ORDER BY (org_id, leader_id, occurred_at, event_id)`,

    `CREATE TABLE IF NOT EXISTS feedback (${EVENT_COLUMNS},
      feedback_id String,
      giver_id String,
      receiver_id String,
      kind LowCardinality(String),
      solicited Bool
    ) ENGINE = ReplacingMergeTree ${BY_MONTH} ORDER BY (org_id, giver_id, occurred_at, event_id)`,

    `CREATE TABLE IF NOT EXISTS skip_levels (${EVENT_COLUMNS},
      meeting_id String,
      leader_id String,
      report_id String,
      manager_looped_in Bool
    ) ENGINE = ReplacingMergeTree ${BY_MONTH} ORDER BY (org_id, leader_id, occurred_at, event_id)`,

    `CREATE TABLE IF NOT EXISTS outcomes (${EVENT_COLUMNS},
      outcome_id String,
      leader_id String,
      co_created_with Array(String)
    ) ENGINE = ReplacingMergeTree ${BY_MONTH} ORDER BY (org_id, leader_id, occurred_at, event_id)`,

    `CREATE TABLE IF NOT EXISTS plans_delegated (${EVENT_COLUMNS},
      plan_id String,
      outcome_id String,
      delegator_id String,
      owner_id String,
      decision_rights Array(LowCardinality(String)),
      budget_limit Nullable(Float64)
    ) ENGINE = ReplacingMergeTree ${BY_MONTH} ORDER BY (org_id, delegator_id, occurred_at, event_id)`,

    // PlanReclaimed (action 'reclaimed', no aspect) and PlanOverridden (action 'overridden').
    `CREATE TABLE IF NOT EXISTS plan_interventions (${EVENT_COLUMNS},
      action LowCardinality(String),
      plan_id String,
      by_id String,
      aspect LowCardinality(Nullable(String))
    ) ENGINE = ReplacingMergeTree ORDER BY (org_id, plan_id, occurred_at, event_id)`,

    `CREATE TABLE IF NOT EXISTS approval_requests (${EVENT_COLUMNS},
      request_id String,
      requester_id String,
      approver_id String
    ) ENGINE = ReplacingMergeTree ORDER BY (org_id, approver_id, occurred_at, event_id)`,

    `CREATE TABLE IF NOT EXISTS approval_resolutions (${EVENT_COLUMNS},
      request_id String,
      outcome LowCardinality(String)
    ) ENGINE = ReplacingMergeTree ORDER BY (org_id, request_id, occurred_at, event_id)`,

    // unilateral: approver_ids holds nobody but the decider (or nobody at all).
    `CREATE TABLE IF NOT EXISTS decisions (${EVENT_COLUMNS},
      decision_id String,
      kind LowCardinality(String),
      subject_id String,
      decider_id String,
      approver_ids Array(String),
      unilateral Bool
    ) ENGINE = ReplacingMergeTree ${BY_MONTH} ORDER BY (org_id, decider_id, occurred_at, event_id)`,

    // Events the projector could not map, with why; raw is the stored event as JSON (it may hold personal data).
    `CREATE TABLE IF NOT EXISTS dead_letters (
      position UInt64,
      event_id String,
      org_id String,
      type String,
      reason String,
      raw String,
      dead_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree ORDER BY (position, event_id)`,

    // The highest global position whose effects are all stored: read with max(position).
    `CREATE TABLE IF NOT EXISTS projector_checkpoints (
      projector LowCardinality(String),
      position UInt64,
      saved_at DateTime64(3, 'UTC')
    ) ENGINE = ReplacingMergeTree(position) ORDER BY projector`,
  ],
};
