import type { IncomingEvent } from '@orghealth/domain';
import { generateDemoOrg, toNdjsonLines } from '@orghealth/demo';

/** A generated org as NDJSON lines (without newlines), with its events, for import tests. Fixed end: reproducible. */
export function demoLines(options: { orgId: string; totalEvents: number; seed?: number }): {
  lines: string[];
  events: IncomingEvent[];
  eventIds: string[];
} {
  const { events } = generateDemoOrg({ ...options, end: '2026-10-31T00:00:00Z' });
  const list = [...events].slice(0, options.totalEvents);
  const lines = [...toNdjsonLines(list)].map((line) => line.trimEnd());
  return { lines, events: list, eventIds: list.map((event) => event.eventId) };
}
