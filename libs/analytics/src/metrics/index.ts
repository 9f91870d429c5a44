export * from './group-metrics.js';
export * from './manager-facts.js';
export * from './manager-metrics.js';
export * from './metric-window.js';
export * from './org-at.js';
export * from './org-paths.js';
export * from './timeline.js';
export * from './trend.js';
