export * from './group-metrics.js';
export * from './manager-metrics.js';
export * from './metric-window.js';
export * from './org-at.js';
export * from './trend.js';
