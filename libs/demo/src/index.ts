export * from './demo-org.generator.js';
export { PLANTED_PATTERN_RULES, PLANTED_PATTERNS, type PlantedPattern } from './demo-people.js';
export * from './ndjson.js';
