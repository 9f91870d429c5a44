import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The release of this checkout, from the repository's package.json: found by walking up from this file, which
 * sits at a different depth in the sources (apps/cli/src) and in the build (dist/apps/cli/src).
 */
function readVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'orghealth' && manifest.version) return manifest.version;
    }
    if (dirname(dir) === dir) throw new Error('no package.json of orghealth above the CLI');
  }
}

export const ORGHEALTH_VERSION = readVersion();
