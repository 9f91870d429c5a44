/** A group among siblings (the units of one manager's directs, or the layers of the org) and how many people it holds. */
export interface SizedGroup<Id> {
  id: Id;
  size: number;
}

/**
 * Which of a parent's child groups to hide. Every group under the threshold
 * is hidden; then, while the hidden ones together hold fewer than
 * `minGroupSize` people (but some), the parent's total minus the visible
 * siblings would give them away, so the next-smallest visible sibling is
 * hidden too (ties by id), as survey tools do. Afterwards the hidden
 * siblings hold no one or at least `minGroupSize` people.
 */
export function hiddenSiblings<Id extends string | number>(siblings: readonly SizedGroup<Id>[], minGroupSize: number): Set<Id> {
  const hidden = new Set(siblings.filter((group) => group.size < minGroupSize).map((group) => group.id));
  let hiddenPeople = siblings.filter((group) => hidden.has(group.id)).reduce((sum, group) => sum + group.size, 0);
  const visible = siblings
    .filter((group) => !hidden.has(group.id))
    .sort((a, b) => a.size - b.size || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const next of visible) {
    if (hiddenPeople === 0 || hiddenPeople >= minGroupSize) break;
    hidden.add(next.id);
    hiddenPeople += next.size;
  }
  return hidden;
}
