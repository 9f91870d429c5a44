export * from './rules/alert-rules.js';
export * from './rules/alert-thresholds.js';
export * from './rules/rule-inputs.js';
