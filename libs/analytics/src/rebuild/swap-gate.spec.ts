import { SwapGate } from './swap-gate.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the swap gate', () => {
  it('lets reads under way finish before a swap runs, and holds reads that come during the swap until it is done', async () => {
    const gate = new SwapGate();
    const log: string[] = [];
    let finishFirstRead!: () => void;
    const first = gate.read(async () => {
      log.push('read 1 starts');
      await new Promise<void>((resolve) => (finishFirstRead = resolve));
      log.push('read 1 ends');
    });
    await tick();
    const swap = gate.swap(async () => {
      log.push('swap');
      await tick();
      log.push('swap done');
    });
    const second = gate.read(async () => void log.push('read 2'));
    await tick();
    expect(log).toEqual(['read 1 starts']);

    finishFirstRead();
    await Promise.all([first, swap, second]);
    expect(log).toEqual(['read 1 starts', 'read 1 ends', 'swap', 'swap done', 'read 2']);
  });

  it('passes on what a read returns and throws, and opens again after a failed swap', async () => {
    const gate = new SwapGate();
    await expect(gate.swap(async () => Promise.reject(new Error('exchange failed')))).rejects.toThrow('exchange failed');
    expect(await gate.read(async () => 42)).toBe(42);
    await expect(gate.read(async () => Promise.reject(new Error('query failed')))).rejects.toThrow('query failed');
    expect(await gate.swap(async () => 'swapped')).toBe('swapped');
  });
});
