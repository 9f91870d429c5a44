import type { IncomingEvent } from '@orghealth/domain';
import type { SourceItem } from '../record-source-items.js';
import { occurrenceId } from './calendar-ids.js';
import { detectMeeting, type OrgAtInstant } from './detect-meeting.js';
import type { ReadItem } from './read-item.js';

/** Turns a calendar's occurrences into what they record, by the detection table, at each occurrence's start. */
export async function* calendarItems(
  read: AsyncIterable<ReadItem>,
  orgId: string,
  org: OrgAtInstant,
  now: number,
): AsyncGenerator<SourceItem> {
  for await (const item of read) {
    if ('unreadable' in item) {
      const occurrence = item.occurrenceStart === undefined ? {} : { occurrence: new Date(item.occurrenceStart).toISOString() };
      yield { rejected: item.unreadable, where: { ...(item.uid ? { uid: item.uid } : {}), ...occurrence } };
      continue;
    }
    const { occurrence } = item;
    const where = { uid: occurrence.uid, occurrence: new Date(occurrence.occurrenceStart).toISOString() };
    const found = detectMeeting(occurrence, org, now);
    if ('ignored' in found) {
      yield { ignored: found.ignored, where };
      continue;
    }
    const id = occurrenceId(orgId, occurrence.uid, occurrence.occurrenceStart);
    const envelope = {
      eventId: id,
      orgId,
      occurredAt: new Date(occurrence.start).toISOString(),
      schemaVersion: 1,
      metadata: { source: 'calendar' },
    };
    const { leaderId, reportId } = found;
    const event: IncomingEvent =
      found.type === 'CheckInHeld'
        ? { ...envelope, type: 'CheckInHeld', data: { checkInId: id, leaderId, reportId, durationMinutes: found.durationMinutes } }
        : { ...envelope, type: 'SkipLevelDone', data: { meetingId: id, leaderId, reportId, managerLoopedIn: found.managerLoopedIn } };
    yield { events: [event], where };
  }
}
