import { ndjsonLines, type NdjsonLine } from './ndjson-lines.js';

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.isBuffer(part) ? part : Buffer.from(part);
}

async function collect(source: AsyncIterable<Buffer>, max = 1024): Promise<NdjsonLine[]> {
  const lines: NdjsonLine[] = [];
  for await (const line of ndjsonLines(source, max)) lines.push(line);
  return lines;
}

describe('ndjsonLines', () => {
  it('numbers lines across chunk boundaries, skipping blank ones but counting them', async () => {
    expect(await collect(chunks('{"a":1}\n{"b"', ':2}\r\n\n  \n{"c":3}'))).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 2, text: '{"b":2}' },
      { number: 5, text: '{"c":3}' },
    ]);
  });

  it('keeps a multi-byte character split between chunks intact', async () => {
    const bytes = Buffer.from('{"name":"Zoë Ångström"}\n');
    const split = bytes.indexOf(0xc3) + 1;
    expect(await collect(chunks(bytes.subarray(0, split), bytes.subarray(split)))).toEqual([
      { number: 1, text: '{"name":"Zoë Ångström"}' },
    ]);
  });

  it('drops an over-long line as it streams past and reports its size, keeping the next lines', async () => {
    const long = 'x'.repeat(30);
    expect(await collect(chunks('{"ok":1}\n', long.slice(0, 10), long.slice(10), '\n{"ok":2}\n'), 20)).toEqual([
      { number: 1, text: '{"ok":1}' },
      { number: 2, tooLongBytes: 30 },
      { number: 3, text: '{"ok":2}' },
    ]);
  });

  it('catches an over-long line that arrives in a single chunk', async () => {
    expect(await collect(chunks(`${'y'.repeat(25)}\n{"ok":1}`), 20)).toEqual([
      { number: 1, tooLongBytes: 25 },
      { number: 2, text: '{"ok":1}' },
    ]);
  });

  it('copies a partial line, since the source may reuse its buffers', async () => {
    const reused = Buffer.from('{"a":');
    async function* source() {
      yield reused;
      reused.write('#####');
      yield Buffer.from('1}\n');
    }
    expect(await collect(source())).toEqual([{ number: 1, text: '{"a":1}' }]);
  });
});
