import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuthConfig } from '@orghealth/config';

/**
 * The operator's admin key: ORGHEALTH_ADMIN_KEY when set, otherwise one
 * generated on the first start into the data directory, readable by its
 * owner only, and kept across restarts. `generated` says where to read it.
 */
export function operatorKey(auth: AuthConfig): { key: string; generatedIn?: string } {
  if (auth.adminKey) return { key: auth.adminKey };
  if (!existsSync(auth.adminKeyFile)) {
    mkdirSync(dirname(auth.adminKeyFile), { recursive: true });
    // 'wx' fails when another start won the race: both then read the same file below.
    try {
      writeFileSync(auth.adminKeyFile, `ohk_admin_${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(auth.adminKeyFile, 0o600);
  return { key: readFileSync(auth.adminKeyFile, 'utf8').trim(), generatedIn: auth.adminKeyFile };
}
