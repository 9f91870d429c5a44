import { PassThrough } from 'node:stream';
import { cutOffWhenIdle, InputIdle } from './idle-cutoff.js';

async function collect<T>(source: AsyncIterable<T>): Promise<{ chunks: T[]; error?: unknown }> {
  const chunks: T[] = [];
  try {
    for await (const chunk of source) chunks.push(chunk);
    return { chunks };
  } catch (error) {
    return { chunks, error };
  }
}

describe('cutting off an idle input', () => {
  it('passes every chunk of an input that keeps sending, however long it lasts in all', async () => {
    const input = new PassThrough();
    const reading = collect(cutOffWhenIdle(input, 200));
    for (const chunk of ['a', 'b', 'c', 'd', 'e']) {
      input.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    input.end();
    const { chunks, error } = await reading;
    expect(error).toBeUndefined();
    expect(Buffer.concat(chunks as Buffer[]).toString()).toBe('abcde');
  });

  it('fails with InputIdle once the next chunk is late, keeping what came before', async () => {
    const input = new PassThrough();
    const reading = collect(cutOffWhenIdle(input, 150));
    input.write('first\n');
    const started = Date.now();
    const { chunks, error } = await reading;
    expect(error).toBeInstanceOf(InputIdle);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Buffer.concat(chunks as Buffer[]).toString()).toBe('first\n');
    input.destroy();
  });

  it('does not count the time the consumer spends on a chunk', async () => {
    const input = new PassThrough();
    input.write('a');
    input.write('b');
    input.end();
    const chunks: string[] = [];
    for await (const chunk of cutOffWhenIdle(input, 100)) {
      chunks.push(String(chunk));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(chunks.join('')).toBe('ab');
  });
});
