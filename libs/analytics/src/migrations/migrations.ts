import { initialSchema } from './001-initial-schema.js';
import type { Migration } from './migration.js';

/** Every migration, in version order: 1, 2, 3, ... */
export const MIGRATIONS: readonly Migration[] = [initialSchema];
