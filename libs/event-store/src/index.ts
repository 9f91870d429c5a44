export * from './event-store.port.js';
export * from './sqlite/sqlite-event-store.js';
export * from './in-memory/in-memory-event-store.js';
export * from './eventstoredb/eventstoredb-event-store.js';
export * from './open-event-store.js';
export * from './contract/event-store.contract.js';
export * from './copy/copy-events.js';
