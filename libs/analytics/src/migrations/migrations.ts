import { initialSchema } from './001-initial-schema.js';
import { analystViews } from './002-analyst-views.js';
import { orgPaths } from './003-org-paths.js';
import { analystViewsOverOrgPaths } from './004-analyst-views-over-org-paths.js';
import type { Migration } from './migration.js';

/** Every migration, in version order: 1, 2, 3, ... */
export const MIGRATIONS: readonly Migration[] = [initialSchema, analystViews, orgPaths, analystViewsOverOrgPaths];
