import { Injectable } from '@nestjs/common';
import { OrgStateCache } from '@orghealth/write-model';
import { isOperator, type Principal } from './principal.js';
import { subtreeAt } from './subtree.js';

/** Who a caller may see person by person: everyone, or the people of their own subtree. */
export type Visibility = { all: true } | { all: false; people: ReadonlySet<string> };

/**
 * Managers and executives see individual-level data (a manager's metrics, a
 * person's place in the chart) only inside their own subtree as of now,
 * themselves included: the management chain above a manager sees that
 * manager, nobody else does. HR analysts and admins see the whole org.
 */
@Injectable()
export class SubtreeScope {
  constructor(private readonly cache: OrgStateCache) {}

  async visibility(principal: Principal, orgId: string, now = new Date()): Promise<Visibility> {
    if (isOperator(principal) || principal.role === 'admin' || principal.role === 'hr_analyst') return { all: true };
    if (!principal.personId) return { all: false, people: new Set() };
    const { state } = await this.cache.current(orgId);
    return { all: false, people: subtreeAt(state.structure, principal.personId, now.getTime()) };
  }
}

export const canSee = (visibility: Visibility, personId: string): boolean => visibility.all || visibility.people.has(personId);
