import { orgAt, type OrgStructure } from '@orghealth/domain';
import { hiddenSiblings } from './complementary-suppression.js';

/**
 * Complementary suppression over the org as it stood at an instant: the
 * sibling sets a caller could subtract from a visible parent are the units
 * of one manager's directs (or the top people) and the org's management
 * layers. Sizes come from the write model's reporting lines, the same ones
 * the analytics project.
 */
export class DifferencingGuard {
  private readonly positions;
  private sizes: Map<string, number> | undefined;

  constructor(structure: OrgStructure, at: Date, private readonly minGroupSize: number) {
    this.positions = orgAt(structure, at.getTime());
  }

  /** True when the unit headed by `unitId` must be hidden although it is big enough on its own. */
  hidesUnit(unitId: string): boolean {
    const position = this.positions.find((candidate) => candidate.personId === unitId);
    if (!position) return false;
    const sizes = (this.sizes ??= this.unitSizes());
    const siblings = this.positions.filter((candidate) => candidate.managerId === position.managerId).map(({ personId }) => ({ id: personId, size: sizes.get(personId)! }));
    return hiddenSiblings(siblings, this.minGroupSize).has(unitId);
  }

  /** The layers to hide: a layer's group is its managers with their direct reports, as the layer metrics count it. */
  hiddenLayers(): Set<number> {
    const sizes = new Map<number, number>();
    for (const { layer, directs } of this.positions) if (directs.length > 0) sizes.set(layer, (sizes.get(layer) ?? 0) + 1 + directs.length);
    return hiddenSiblings([...sizes].map(([id, size]) => ({ id, size })), this.minGroupSize);
  }

  private unitSizes(): Map<string, number> {
    const sizes = new Map<string, number>();
    // Deepest first: every direct's size is known before its manager's.
    for (const position of [...this.positions].reverse()) {
      sizes.set(position.personId, 1 + position.directs.reduce((sum, direct) => sum + (sizes.get(direct) ?? 0), 0));
    }
    return sizes;
  }
}

/** A group's metrics as a suppressed group shows them: every value null, its identifying fields kept. */
export function suppressed<T extends { suppressed: boolean }>(group: T, keep: readonly (keyof T)[]): T {
  const hidden = Object.fromEntries(Object.keys(group).map((key) => [key, keep.includes(key as keyof T) ? group[key as keyof T] : null]));
  return { ...hidden, suppressed: true } as T;
}
