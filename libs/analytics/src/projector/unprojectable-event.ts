/** Why an event cannot become rows; the projector dead-letters it with this message. */
export class UnprojectableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnprojectableEventError';
  }
}
