import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IncomingEvent } from '@orghealth/domain';
import { generateDemoOrg, type DemoOrgOptions, type DemoOrgPlan } from './demo-org.generator.js';

/** One JSON document per event, newline-terminated: the import format. */
export function* toNdjsonLines(events: Iterable<IncomingEvent>): Generator<string> {
  for (const event of events) yield `${JSON.stringify(event)}\n`;
}

/** Lines joined into chunks of about this many characters: one write per line would dominate the time. */
const CHUNK_CHARS = 1 << 20;

function* chunks(lines: Iterable<string>, counted: { events: number }): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    counted.events++;
    chunk += line;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Generates a demo org straight into an NDJSON file, streaming, and returns its plan with the count of events written. */
export async function writeDemoNdjson(path: string, options: DemoOrgOptions = {}): Promise<{ plan: DemoOrgPlan; events: number }> {
  const { plan, events } = generateDemoOrg(options);
  const counted = { events: 0 };
  await pipeline(Readable.from(chunks(toNdjsonLines(events), counted)), createWriteStream(path));
  return { plan, events: counted.events };
}
