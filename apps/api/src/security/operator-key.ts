import { randomBytes } from 'node:crypto';
import { ownerOnlySecret, type AuthConfig } from '@orghealth/config';

/**
 * The operator's admin key: ORGHEALTH_ADMIN_KEY when set, otherwise one
 * generated on the first start into the data directory, readable by its
 * owner only, and kept across restarts. `generated` says where to read it.
 */
export function operatorKey(auth: AuthConfig): { key: string; generatedIn?: string } {
  if (auth.adminKey) return { key: auth.adminKey };
  return {
    key: ownerOnlySecret(auth.adminKeyFile, () => `ohk_admin_${randomBytes(32).toString('base64url')}`),
    generatedIn: auth.adminKeyFile,
  };
}
