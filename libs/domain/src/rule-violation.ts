/**
 * A command broke a rule of the spec. `code` is stable (clients and the
 * HTTP layer map on it); `message` names the ids and the instant involved;
 * `field` is the path of the offending field in the envelope.
 */
export class RuleViolation extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}
