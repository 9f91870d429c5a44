export * from './config.schema.js';
export * from './owner-only-secret.js';
export * from './owner-only-data-dir.js';
