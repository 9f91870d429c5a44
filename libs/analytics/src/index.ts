export * from './analytics-client.js';
export * from './analytics-runtime.js';
export * from './clickhouse-time.js';
export * from './migrations/migrate.js';
export * from './migrations/migration.js';
export * from './migrations/migrations.js';
export * from './projector/event-fields.js';
export * from './projector/event-rows.js';
export * from './projector/project-events.js';
export * from './projector/projector.js';
export * from './reporting-lines-as-of.js';
export * from './metrics/index.js';
// The per-manager facts as CTEs, for queries of their own over the same numbers (the alert rules).
export { APPROVAL_FACTS_CTE, MANAGER_FACTS_CTES, ratio } from './metrics/manager-facts.js';
