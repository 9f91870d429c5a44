import { attributeHeadcounts, detailsAt, orgAt, type OrgStructure } from '@orghealth/domain';
import { hiddenSiblings } from './complementary-suppression.js';

export interface AttributeGroup {
  key: string;
  value: string;
}

/**
 * Complementary suppression over the org as it stood at an instant: the
 * sibling sets a caller could subtract from a visible parent are the units
 * of one manager's directs (or the top people), the org's management
 * layers, and the values of one attribute key (with the people who have no
 * value for it). Sizes come from the write model, whose reporting lines and
 * attributes are the ones the analytics project.
 */
export class DifferencingGuard {
  private readonly positions;
  private sizes: Map<string, number> | undefined;
  private attributeSizes: Map<string, Map<string, number>> | undefined;

  constructor(
    private readonly structure: OrgStructure,
    private readonly at: Date,
    private readonly minGroupSize: number,
  ) {
    this.positions = orgAt(structure, at.getTime());
  }

  /** True when the people with `group`'s value must be hidden: the other values of the key and those without one are its siblings. */
  hidesAttributeValue(group: AttributeGroup): boolean {
    this.attributeSizes ??= attributeHeadcounts(this.structure, this.at.getTime());
    const values = this.attributeSizes.get(group.key) ?? new Map<string, number>();
    const withValue = [...values.values()].reduce((sum, size) => sum + size, 0);
    // '' is no value a key can have: it stands for the people without one.
    const siblings = [...values].map(([id, size]) => ({ id, size })).concat({ id: '', size: this.positions.length - withValue });
    return hiddenSiblings(siblings, this.minGroupSize).has(group.value);
  }

  /** True when the unit headed by `unitId` must be hidden although it is big enough on its own. */
  hidesUnit(unitId: string): boolean {
    const position = this.positions.find((candidate) => candidate.personId === unitId);
    if (!position) return false;
    const sizes = (this.sizes ??= this.unitSizes());
    const siblings = this.positions
      .filter((candidate) => candidate.managerId === position.managerId)
      .map(({ personId }) => ({ id: personId, size: sizes.get(personId)! }));
    return hiddenSiblings(siblings, this.minGroupSize).has(unitId);
  }

  /**
   * The layers to hide: a layer's group is its managers with their direct reports, as the layer metrics count it;
   * with an attribute group, its managers with that value, and every layer when the value itself is hidden.
   */
  hiddenLayers(group?: AttributeGroup): Set<number> {
    const t = this.at.getTime();
    const inGroup = (personId: string) =>
      !group || detailsAt(this.structure.people.get(personId)!, t).attributes[group.key] === group.value;
    const sizes = new Map<number, number>();
    for (const { personId, layer, directs } of this.positions) {
      if (directs.length > 0 && inGroup(personId)) sizes.set(layer, (sizes.get(layer) ?? 0) + 1 + directs.length);
    }
    if (group && this.hidesAttributeValue(group)) return new Set(sizes.keys());
    return hiddenSiblings(
      [...sizes].map(([id, size]) => ({ id, size })),
      this.minGroupSize,
    );
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
