import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMON_RULES, EVENT_CATALOGUE } from './event-catalogue.js';
import { renderEventReference } from './event-reference.js';

const ROOT = join(__dirname, '../../../..');
const DOMAIN = join(__dirname, '..');

/** Every rule code the deciders can refuse with: the 'AREA.WHAT' literals of the domain's code. */
function decidersCodes(): Set<string> {
  const files = readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.startsWith('reference') && !file.startsWith('testing'),
  );
  return new Set(
    files.flatMap((file) => [...readFileSync(join(DOMAIN, file), 'utf8').matchAll(/'([A-Z_]+\.[A-Z_]+)'/g)].map((match) => match[1]!)),
  );
}

describe('docs/reference/events.md', () => {
  it('is what the zod schemas and the catalogue render today (run `npm run docs:reference` after changing them)', () => {
    expect(readFileSync(join(ROOT, 'docs/reference/events.md'), 'utf8')).toBe(renderEventReference());
  });

  it('documents exactly the rule codes the deciders refuse with, no fewer and no invented ones', () => {
    const documented = new Set(
      [...COMMON_RULES, ...Object.values(EVENT_CATALOGUE).flatMap((entry) => entry.rules)].map((rule) => rule.code),
    );
    expect([...documented].sort()).toEqual([...decidersCodes()].sort());
  });

  it('lists every field of every event type with its constraints', () => {
    const reference = renderEventReference();
    expect(reference).toContain('| `durationMinutes` | integer 1..480 | yes |');
    expect(reference).toContain('| `decisionRights` | array (≥ 1) of one of `approach`, `budget`, `hiring`, `scope` | yes |');
    expect(reference).toMatch(/\| `title` \| string 1\.\.200 chars \| no \| personal data of `personId`/);
    for (const type of Object.keys(EVENT_CATALOGUE)) expect(reference).toContain(`### ${type}\n`);
  });
});
