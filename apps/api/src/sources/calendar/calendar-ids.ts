import { uuidV5 } from '../hris/snapshot-ids.js';

/** The namespace of every calendar event id (a random UUID, fixed once: changing it would re-record every meeting). */
const CALENDAR_NAMESPACE = '6f1d2a8e-3b7c-4e59-8a0d-91c4f27b5e36';

/**
 * The id of what one occurrence records, from the org, the meeting's UID
 * and the occurrence's original start: the same meeting exported from both
 * people's calendars, or twice, gets the same id. It does not depend on what
 * the occurrence was found to be, so a meeting read differently later is a
 * conflict to report, never a second record.
 */
export const occurrenceId = (orgId: string, uid: string, occurrenceStart: number) =>
  uuidV5(JSON.stringify([orgId, 'calendar', uid, new Date(occurrenceStart).toISOString()]), CALENDAR_NAMESPACE);
