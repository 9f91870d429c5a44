export * from './ndjson-import.js';
export * from './ndjson-lines.js';
export * from './org-state.cache.js';
export * from './org-stream.js';
export * from './org-writer.js';
export * from './same-event.js';
export * from './idle-cutoff.js';
