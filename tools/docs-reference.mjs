// Writes docs/reference/events.md from the zod schemas (run through `npm run docs:reference`, which builds first).
import { writeFileSync } from 'node:fs';
import { renderEventReference } from '../dist/libs/domain/src/reference/event-reference.js';

const target = new URL('../docs/reference/events.md', import.meta.url);
writeFileSync(target, renderEventReference());
console.log(`wrote ${target.pathname}`);
