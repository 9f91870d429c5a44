import fc from 'fast-check';
import { evolve, initialOrgState, orgAt } from '@orghealth/domain';
import { personJoined } from '../../../../libs/domain/src/testing/builders.js';
import { hiddenSiblings } from './complementary-suppression.js';
import { DifferencingGuard } from './differencing-guard.js';

const groups = (sizes: Record<string, number>) => Object.entries(sizes).map(([id, size]) => ({ id, size }));

describe('hiddenSiblings: complementary suppression among siblings', () => {
  it('given siblings all at or above the threshold, hides none', () => {
    expect(hiddenSiblings(groups({ a: 5, b: 9, c: 30 }), 5)).toEqual(new Set());
  });

  it('given one small sibling, hides it and the next-smallest, so the parent minus the rest gives nothing away', () => {
    expect(hiddenSiblings(groups({ a: 2, b: 12, c: 6, d: 40 }), 5)).toEqual(new Set(['a', 'c']));
  });

  it('given small siblings that together reach the threshold, hides only them', () => {
    expect(hiddenSiblings(groups({ a: 2, b: 3, c: 7 }), 5)).toEqual(new Set(['a', 'b']));
  });

  it('given a tie for next-smallest, takes the first id, the same every time', () => {
    expect(hiddenSiblings(groups({ a: 1, z: 6, m: 6 }), 5)).toEqual(new Set(['a', 'm']));
  });

  it('property: every small group is hidden, and while any sibling shows, the hidden ones hold no one or at least the threshold', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { maxLength: 12 }), fc.integer({ min: 3, max: 10 }), (sizes, min) => {
        const siblings = sizes.map((size, index) => ({ id: `g${index}`, size }));
        const hidden = hiddenSiblings(siblings, min);
        for (const group of siblings) if (group.size < min) expect(hidden.has(group.id)).toBe(true);
        const hiddenPeople = siblings.filter((group) => hidden.has(group.id)).reduce((sum, group) => sum + group.size, 0);
        if (hidden.size < siblings.length) expect(hiddenPeople === 0 || hiddenPeople >= min).toBe(true);
      }),
    );
  });
});

/** A random org tree: person i reports to someone before them, the first at the top. */
const orgTree = fc
  .integer({ min: 1, max: 60 })
  .chain((people) =>
    fc.tuple(...Array.from({ length: people }, (_, index) => (index === 0 ? fc.constant(-1) : fc.nat({ max: index - 1 })))),
  );

describe('DifferencingGuard over generated org trees', () => {
  const AT = new Date('2026-03-01T00:00:00Z');

  it('property: no visible unit is small, and the people of the hidden units under any manager are none or at least the threshold', () => {
    fc.assert(
      fc.property(orgTree, fc.integer({ min: 3, max: 8 }), (managers, min) => {
        const state = managers.reduce(
          (org, manager, index) => evolve(org, personJoined(`P${index}`, manager === -1 ? null : `P${manager}`, '2026-01-01T00:00:00Z')),
          initialOrgState(),
        );
        const guard = new DifferencingGuard(state.structure, AT, min);
        const positions = orgAt(state.structure, AT.getTime());
        const size = (id: string): number =>
          1 + positions.find((p) => p.personId === id)!.directs.reduce((sum, direct) => sum + size(direct), 0);
        const visible = (id: string) => size(id) >= min && !guard.hidesUnit(id);
        for (const { personId, directs } of positions) {
          if (!visible(personId) || directs.length === 0) continue;
          const hiddenPeople = directs.filter((direct) => !visible(direct)).reduce((sum, direct) => sum + size(direct), 0);
          if (directs.some(visible)) expect([personId, hiddenPeople === 0 || hiddenPeople >= min]).toEqual([personId, true]);
        }
        const layerSize = new Map<number, number>();
        for (const { layer, directs } of positions)
          if (directs.length > 0) layerSize.set(layer, (layerSize.get(layer) ?? 0) + 1 + directs.length);
        const hiddenLayers = guard.hiddenLayers();
        const hiddenLayerPeople = [...layerSize].filter(([layer]) => hiddenLayers.has(layer)).reduce((sum, [, people]) => sum + people, 0);
        for (const [layer, people] of layerSize) if (people < min) expect(hiddenLayers.has(layer)).toBe(true);
        if (hiddenLayers.size < layerSize.size) expect(hiddenLayerPeople === 0 || hiddenLayerPeople >= min).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
