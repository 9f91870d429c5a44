import type { Occurrence } from './occurrence.js';

/** What a calendar reader yields: an occurrence, or something of the export it could not read as one. */
export type ReadItem = { occurrence: Occurrence } | { unreadable: string; uid?: string; occurrenceStart?: number };
