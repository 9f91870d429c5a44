/** Why an event cannot become rows; the projector dead-letters it with this message. */
export class UnprojectableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnprojectableEventError';
  }
}

/**
 * Typed reads of an event's `data`. Stored events were validated on the way
 * in, but a value of the wrong type reaching an insert would fail the whole
 * batch again and again; checked here, it dead-letters only its own event.
 */
export class EventFields {
  private readonly data: Record<string, unknown>;

  constructor(
    data: unknown,
    /** How the reasons name the object: `data` for an event's data, `event` for its envelope. */
    private readonly path = 'data',
  ) {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UnprojectableEventError(`${path} must be an object`);
    this.data = data as Record<string, unknown>;
  }

  text(field: string): string {
    const value = this.data[field];
    if (typeof value !== 'string') throw this.invalid(field, 'a string');
    return value;
  }

  optionalText(field: string): string | null {
    return this.data[field] === undefined || this.data[field] === null ? null : this.text(field);
  }

  texts(field: string): string[] {
    const value = this.data[field];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw this.invalid(field, 'an array of strings');
    return value;
  }

  has(field: string): boolean {
    return this.data[field] !== undefined && this.data[field] !== null;
  }

  /** An object of strings (or nulls, a removal), such as a person's attributes. */
  textMap(field: string): Record<string, string | null> {
    const value = this.data[field];
    const valid =
      typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => item === null || typeof item === 'string');
    if (!valid) throw this.invalid(field, 'an object of strings');
    return value as Record<string, string | null>;
  }

  flag(field: string): boolean {
    const value = this.data[field];
    if (typeof value !== 'boolean') throw this.invalid(field, 'a boolean');
    return value;
  }

  integer(field: string, min: number, max: number): number {
    const value = this.data[field];
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) throw this.invalid(field, `an integer in ${min}..${max}`);
    return value as number;
  }

  optionalNumber(field: string): number | null {
    const value = this.data[field];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.invalid(field, 'a finite number');
    return value;
  }

  private invalid(field: string, expected: string): UnprojectableEventError {
    return new UnprojectableEventError(`${this.path}.${field} must be ${expected}`);
  }
}
