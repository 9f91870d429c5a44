import { EntityId, PersonId } from './ids.schema.js';

describe('ids', () => {
  const hostile = {
    'a NUL': 'P-\u0000-1',
    'a bell': 'P\u0007',
    'a newline': 'P-1\nP-2',
    'a zero-width space': 'P\u200B1',
    'a zero-width joiner': 'P\u200D1',
    'a byte-order mark': '\uFEFFP1',
    'a right-to-left override': 'P-1\u202Egnp.exe',
    'a left-to-right isolate': 'P\u20661',
    'a line separator': 'P\u20281',
  };

  it.each(Object.entries(hostile))('refuse %s, naming the reason', (_name, id) => {
    for (const schema of [PersonId, EntityId]) {
      const result = schema.safeParse(id);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/control, zero-width or bidirectional/);
    }
  });

  it('accept letters of any script, digits, spaces and punctuation', () => {
    for (const id of ['P-1', 'José Ñúñez', '社員-0042', 'emp_7/ops', 'a.b@c']) {
      expect(PersonId.parse(id)).toBe(id);
      expect(EntityId.parse(id)).toBe(id);
    }
  });
});
