import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A secret the engine generates on its first start into `file`, readable by
 * its owner only, and reads back on every start after.
 */
export function ownerOnlySecret(file: string, generate: () => string): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx' fails when another start won the race: both then read the same file below.
    try {
      writeFileSync(file, `${generate()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}
