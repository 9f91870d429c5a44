import type { OrgCommand } from '../commands.js';
import type { OrgEvent } from '../events.js';
import { decide, evolve } from '../org.decider.js';
import { initialOrgState, type OrgState } from '../org.state.js';
import { RuleViolation } from '../rule-violation.js';

/**
 * Given / when / then for the org decider (after EventSourcing.NodeJS
 * `samples/decider/src/testing/unit/specification.ts`): `given` events are
 * folded with `evolve` from `initialOrgState()`, in the order they were
 * recorded, so a back-fill is a given whose occurredAt precedes earlier ones.
 */
export interface DeciderSpecification {
  when(command: OrgCommand): {
    /** The command is accepted and asks for exactly these events. */
    then(expected: OrgEvent[]): void;
    /** The command is rejected with a `RuleViolation` of this code, returned for checks on `message` and `field`. */
    thenThrows(code: string): RuleViolation;
  };
}

export function given(events: readonly OrgEvent[]): DeciderSpecification {
  return {
    when(command) {
      const run = (): OrgEvent[] => {
        const state = events.reduce<OrgState>(evolve, initialOrgState());
        return decide(command, state);
      };
      return {
        then(expected) {
          expect(run()).toEqual(expected);
        },
        thenThrows(code) {
          let thrown: unknown;
          let decided: OrgEvent[] | undefined;
          try {
            decided = run();
          } catch (error) {
            thrown = error;
          }
          if (decided) throw new Error(`expected ${command.type} to be rejected with ${code}, it was accepted: ${JSON.stringify(decided)}`);
          expect(thrown).toBeInstanceOf(RuleViolation);
          const violation = thrown as RuleViolation;
          // The message rides along so a wrong code shows what the decider actually said.
          expect({ code: violation.code, message: violation.message }).toMatchObject({ code });
          return violation;
        },
      };
    },
  };
}
