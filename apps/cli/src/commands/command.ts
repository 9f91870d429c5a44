import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '@orghealth/config';

/**
 * One CLI command: its usage text is its `--help`. Exit codes: 0 ok, 1 failure (the engine unreachable or
 * failing), 2 a usage error or input the engine refused (any 4xx).
 */
export interface CliCommand {
  name: string;
  /** Older names the command still answers to. */
  aliases?: readonly string[];
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The engine the CLI talks to unless --url says otherwise: ORGHEALTH_URL, or HOST and PORT as the engine reads them. */
export const defaultUrl = (): string => loadConfig().url;

/**
 * The key the CLI sends: ORGHEALTH_API_KEY, else the operator's key as the
 * engine on this machine knows it (ORGHEALTH_ADMIN_KEY, or the one it
 * generated under ORGHEALTH_DATA_DIR), so commands run beside `npm start`
 * work as they are.
 */
export function authHeaders(): Record<string, string> {
  const { auth } = loadConfig();
  const key =
    process.env.ORGHEALTH_API_KEY ||
    auth.adminKey ||
    (existsSync(auth.adminKeyFile) ? readFileSync(auth.adminKeyFile, 'utf8').trim() : undefined);
  return key ? { authorization: `Bearer ${key}` } : {};
}
