export * from './config.schema.js';
export * from './owner-only-secret.js';
