import { EVENT_TYPES, type EventType } from './events.js';
import { UnknownSchemaVersionError, UPCASTERS, upcast, type Upcaster } from './upcasting.js';

describe('upcasting: one chain per event type', () => {
  it.each(EVENT_TYPES)('%s: has a chain, and data at the current version comes back as it is', (type) => {
    const data = { any: 'thing' };
    expect(UPCASTERS[type]).toBeDefined();
    expect(upcast(type, UPCASTERS[type].length + 1, data)).toEqual({ schemaVersion: UPCASTERS[type].length + 1, data });
  });

  it.each(EVENT_TYPES)('%s: a version newer than the chain knows is refused', (type) => {
    expect(() => upcast(type, UPCASTERS[type].length + 2, {})).toThrow(UnknownSchemaVersionError);
  });

  describe('a chain of several steps', () => {
    // CheckInHeld v1 → v2 renames durationMinutes to minutes; v2 → v3 adds a default channel.
    const steps: Upcaster[] = [
      ({ durationMinutes, ...rest }) => ({ ...rest, minutes: durationMinutes }),
      (data) => ({ channel: 'in_person', ...data }),
    ];
    const chains = { ...UPCASTERS, CheckInHeld: steps } as Record<EventType, readonly Upcaster[]>;

    it('applies every step from the stored version on, in order', () => {
      expect(upcast('CheckInHeld', 1, { durationMinutes: 30 }, chains)).toEqual({
        schemaVersion: 3,
        data: { channel: 'in_person', minutes: 30 },
      });
      expect(upcast('CheckInHeld', 2, { minutes: 45, channel: 'video' }, chains)).toEqual({
        schemaVersion: 3,
        data: { minutes: 45, channel: 'video' },
      });
      expect(upcast('CheckInHeld', 3, { minutes: 15, channel: 'phone' }, chains)).toEqual({
        schemaVersion: 3,
        data: { minutes: 15, channel: 'phone' },
      });
    });

    it('refuses what is newer than its last step', () => {
      expect(() => upcast('CheckInHeld', 4, {}, chains)).toThrow(/schemaVersion 4 of CheckInHeld is newer than this engine knows/);
    });
  });
});
