import type { EventType } from './events.js';

export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * One chain per event type: `UPCASTERS[type][i]` turns data of version i+1
 * into version i+2. The current version of a type is its chain length + 1.
 * Every type is at version 1 today; a change to a data shape adds a step here
 * (and a spec for it) instead of rewriting stored events.
 */
export const UPCASTERS: Record<EventType, readonly Upcaster[]> = {
  PersonJoined: [],
  PersonUpdated: [],
  ReportingLineChanged: [],
  PersonLeft: [],
  OutcomeFramed: [],
  PlanDelegated: [],
  PlanReclaimed: [],
  PlanOverridden: [],
  CheckInHeld: [],
  FeedbackGiven: [],
  SkipLevelDone: [],
  ApprovalRequested: [],
  ApprovalResolved: [],
  DecisionMade: [],
  AlertOpened: [],
  AlertUpdated: [],
  AlertAcknowledged: [],
  AlertResolved: [],
};

export function currentSchemaVersion(type: EventType): number {
  return UPCASTERS[type].length + 1;
}

export class UnknownSchemaVersionError extends Error {
  constructor(
    readonly type: EventType,
    readonly version: number,
  ) {
    super(`schemaVersion ${version} of ${type} is newer than this engine knows (current: ${currentSchemaVersion(type)})`);
  }
}

/** Brings data of any known version of `type` to the current version. */
export function upcast(
  type: EventType,
  schemaVersion: number,
  data: Record<string, unknown>,
  chains: Record<EventType, readonly Upcaster[]> = UPCASTERS,
): { schemaVersion: number; data: Record<string, unknown> } {
  const chain = chains[type];
  if (schemaVersion > chain.length + 1) throw new UnknownSchemaVersionError(type, schemaVersion);
  let upcasted = data;
  for (let version = schemaVersion; version <= chain.length; version++) upcasted = chain[version - 1]!(upcasted);
  return { schemaVersion: chain.length + 1, data: upcasted };
}
