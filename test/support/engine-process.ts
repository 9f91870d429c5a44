import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_ENGINE_ENV } from './credentials.js';
import { tempDir } from './temp-dir.js';

/**
 * For tests that count the store's events: no alert is evaluated while they run, so none of the alert
 * events the engine records of its own accord joins the store at a moment the test does not choose.
 */
export const NO_ALERT_EVALUATION: Record<string, string> = {
  ORGHEALTH_ALERTS_DEBOUNCE_MS: '600000',
  ORGHEALTH_ALERTS_EVERY_MS: '86400000',
};

// Tests and benchmarks run from the repository root (npm scripts do).
const MAIN = resolve('dist/apps/api/src/main.js');

/** The built engine as its own OS process (`npm start` without the build), for restart and crash tests. */
export class EngineProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly output: () => string,
    /** Its standard output alone: the log lines, without Node's own warnings on stderr. */
    readonly stdout: () => string,
  ) {}

  static start(dataDir: string, env: Record<string, string> = {}): Promise<EngineProcess> {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, NO_COLOR: '1', ORGHEALTH_DATA_DIR: dataDir, PORT: '0', ORGHEALTH_DEMO: '0', ...TEST_ENGINE_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`engine did not start in 60 s:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /API on (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolvePromise(
            new EngineProcess(
              child,
              match[1]!,
              () => output,
              () => stdout,
            ),
          );
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`engine exited with ${code} before listening:\n${output}`));
      });
    });
  }

  /** The messages of its log lines (stdout is a pipe: JSON lines), in order, as written. */
  logMessages(): string[] {
    return this.stdout()
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Graceful stop, as an operator's SIGTERM. */
  stop(): Promise<number | null> {
    return this.signal('SIGTERM');
  }

  /** No chance to clean up, as a power cut or the OOM killer. */
  kill(): Promise<number | null> {
    return this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolvePromise) => {
      this.child.once('exit', (code) => resolvePromise(code));
      this.child.kill(signal);
    });
  }
}

/**
 * Engines a crash test starts, kills and starts again in data directories of
 * its own: those still running are killed, and the directories removed, after
 * the calling describe block.
 */
export function killableEngines(env: Record<string, string>) {
  const running = new Set<EngineProcess>();
  const dirs: { remove: () => void }[] = [];
  afterAll(async () => {
    for (const engine of running) await engine.kill();
    for (const dir of dirs) dir.remove();
  });
  return {
    dataDir(): { path: string } {
      const dir = tempDir();
      dirs.push(dir);
      return dir;
    },
    async start(dataDir: string): Promise<EngineProcess> {
      const engine = await EngineProcess.start(dataDir, env);
      running.add(engine);
      return engine;
    },
    async kill(engine: EngineProcess): Promise<void> {
      await engine.kill();
      running.delete(engine);
    },
    async stop(engine: EngineProcess): Promise<void> {
      await engine.stop();
      running.delete(engine);
    },
  };
}
