import { StreamEventIds } from './stream-event-ids.js';

describe('StreamEventIds', () => {
  it('takes only runs that continue what it holds, so it never has a gap', () => {
    const index = new StreamEventIds(100);

    expect(index.extend('s', 1, ['b'])).toBe(false);
    expect(index.extend('s', 0, ['a', 'b'])).toBe(true);
    expect(index.extend('s', 3, ['d'])).toBe(false);
    expect(index.extend('s', 2, ['c'])).toBe(true);

    expect(index.revisionOf('s')).toBe(2);
    expect(index.storedIn('s', ['c', 'x', 'a'])).toEqual(['c', 'a']);
    expect(index.storedIn('other', ['a'])).toEqual([]);
  });

  it('knows a stream that does not exist at revision -1, and what is appended to it next', () => {
    const index = new StreamEventIds(100);

    index.absent('s');
    expect(index.revisionOf('s')).toBe(-1);
    expect(index.extend('s', 0, ['a'])).toBe(true);
    index.absent('s');

    expect(index.revisionOf('s')).toBe(0);
    expect(index.revisionOf('unknown')).toBeUndefined();
  });

  it('finds each id in the stream used most recently that holds it', () => {
    const index = new StreamEventIds(100);
    index.extend('org-a', 0, ['shared', 'only-a']);
    index.extend('org-b', 0, ['shared']);

    expect(index.find(['shared', 'only-a', 'nowhere'])).toEqual(
      new Map([
        ['shared', { streamId: 'org-b', revision: 0 }],
        ['only-a', { streamId: 'org-a', revision: 1 }],
      ]),
    );
    index.revisionOf('org-a');
    expect(index.find(['shared']).get('shared')).toEqual({ streamId: 'org-a', revision: 0 });
  });

  it('lets the streams used least recently go past its bound, never the one it is adding to', () => {
    const index = new StreamEventIds(4);
    index.extend('a', 0, ['a0', 'a1']);
    index.extend('b', 0, ['b0', 'b1']);
    index.revisionOf('a');

    index.extend('c', 0, ['c0', 'c1']);

    expect([index.revisionOf('a'), index.revisionOf('b'), index.revisionOf('c')]).toEqual([1, undefined, 1]);
    index.extend('big', 0, ['x0', 'x1', 'x2', 'x3', 'x4']);
    expect([index.revisionOf('a'), index.revisionOf('c'), index.revisionOf('big')]).toEqual([undefined, undefined, 4]);
  });
});
