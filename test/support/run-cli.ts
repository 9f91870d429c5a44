import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_ADMIN_KEY } from './credentials.js';

const CLI = resolve('dist/apps/cli/src/main.js');

/** Runs the built `orghealth` CLI as a user would (with the test engines' operator key), capturing its output and exit code. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ORGHEALTH_API_KEY: TEST_ADMIN_KEY, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
