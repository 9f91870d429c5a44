import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { eventually } from '../../libs/event-store/src/contract/eventually.js';
import { tempDir } from '../support/temp-dir.js';

const MAIN = resolve('dist/apps/projector/src/main.js');

function startProjector(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited, output: () => output, stdout: () => stdout };
}

describe('npm run start:projector (the projector as its own process)', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('refuses the embedded analytics, which belong to the API process', async () => {
    const projector = startProjector({ ORGHEALTH_DATA_DIR: dir.path });
    expect(await projector.exited).toBe(1);
    expect(projector.output()).toMatch(/CLICKHOUSE_URL: the projector process needs a ClickHouse server/);
  });

  it('keeps running while ClickHouse is unreachable, and stops cleanly', async () => {
    const projector = startProjector({ ORGHEALTH_DATA_DIR: dir.path, CLICKHOUSE_URL: 'http://127.0.0.1:9' });
    // Until it has started (it loads Nest's logger first), then a while more: it must still be running.
    await eventually(async () => expect(projector.output()).toMatch(/projector: from .*events\.sqlite into http:\/\/127\.0\.0\.1:9/), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    await new Promise((wait) => setTimeout(wait, 1500));
    expect(projector.child.exitCode).toBeNull();
    // Piped, as to a log collector: JSON lines, like the API's.
    const lines = projector
      .stdout()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'info', context: 'projector', msg: expect.stringMatching(/^projector: from /) }),
    );
    projector.child.kill('SIGTERM');
    expect(await projector.exited).toBe(0);
  });
});
