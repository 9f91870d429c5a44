export * from './config.schema.js';
export * from './owner-only-data-dir.js';
