import { orgAt, type OrgStructure } from '@orghealth/domain';

/** A person and everyone below them at an instant (empty when they are not active then). */
export function subtreeAt(structure: OrgStructure, rootId: string, at: number): Set<string> {
  const positions = orgAt(structure, at);
  const directsOf = new Map(positions.map((position) => [position.personId, position.directs]));
  const members = new Set<string>();
  if (!directsOf.has(rootId)) return members;
  const queue = [rootId];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    members.add(next);
    queue.push(...(directsOf.get(next) ?? []));
  }
  return members;
}
