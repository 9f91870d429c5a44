import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const flag = z.enum(['0', '1', 'false', 'true']).transform((value) => value === '1' || value === 'true');

/** Every setting of the engine, read once from the environment. Defaults run embedded. */
export const EnvSchema = z.object({
  ORGHEALTH_DATA_DIR: z.string().min(1).default('./data').meta({ description: 'Where the SQLite event store (and the embedded analytics) live' }),
  HOST: z.string().min(1).default('127.0.0.1').meta({ description: 'Address the API binds to' }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ORGHEALTH_URL: z.url().optional().meta({ description: 'Where the CLI finds the engine (default http://HOST:PORT)' }),
  ORGHEALTH_DEMO: flag.default(true).meta({ description: 'Load a demo org on an empty data directory' }),
  ORGHEALTH_DEMO_PEOPLE: z.coerce.number().int().min(20).max(100_000).default(300),
  ORGHEALTH_IMPORT_MAX_ERRORS: z.coerce.number().int().min(0).max(100_000).default(1000)
    .meta({ description: 'Most rejected lines listed in an import report (all are counted)' }),
  ORGHEALTH_IMPORT_BATCH_LINES: z.coerce.number().int().min(1).max(50_000).default(2000)
    .meta({ description: 'Import lines decided and committed together: one fsync and one progress line per batch' }),
  ORGHEALTH_MAX_LINE_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024)
    .meta({ description: 'Longest NDJSON line an import accepts' }),
  ORGHEALTH_SQLITE_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250)
    .meta({ description: 'How often the live subscription looks for events written by another process' }),
  ORGHEALTH_WEB_DIR: z.string().min(1).default('dist/web').meta({ description: 'The built dashboard (npm run build), served at /' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('info'),
  ORGHEALTH_MIN_GROUP_SIZE: z.coerce.number().int().min(3).max(1000).default(5)
    .meta({ description: 'Privacy threshold: group metrics over fewer people are suppressed (never below 3)' }),
  ORGHEALTH_PROJECTOR: z.enum(['inline', 'external']).default('inline')
    .meta({ description: 'inline: the API process projects events into the analytics; external: a separate `npm run start:projector` does (needs CLICKHOUSE_URL)' }),
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/ }).optional()
    .meta({ description: 'A ClickHouse server (http[s]://host:port) for the analytics; unset = embedded chDB under ORGHEALTH_DATA_DIR' }),
  CLICKHOUSE_USER: z.string().min(1).default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a plain identifier: letters, digits, _').default('orghealth')
    .meta({ description: 'The analytics database, created at start when missing' }),
});

/** Where the analytics live: the embedded chDB engine in a directory, or a ClickHouse server. */
export type AnalyticsConfig =
  | { mode: 'embedded'; path: string; database: string }
  | { mode: 'server'; url: string; username: string; password: string; database: string };

export interface Config {
  dataDir: string;
  host: string;
  port: number;
  /** The engine's base URL, for clients such as the CLI. */
  url: string;
  demo: { enabled: boolean; people: number };
  import: { maxErrors: number; maxLineBytes: number; batchSize: number };
  sqlite: { file: string; pollIntervalMs: number };
  analytics: AnalyticsConfig;
  projector: 'inline' | 'external';
  minGroupSize: number;
  /** The built dashboard's directory. */
  web: { dir: string };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const settings = parsed.data;
  if (settings.ORGHEALTH_PROJECTOR === 'external' && !settings.CLICKHOUSE_URL) {
    // Embedded chDB binds its directory to one process: the API, which reads it, must also project.
    throw new ConfigError(['ORGHEALTH_PROJECTOR: external needs CLICKHOUSE_URL; the embedded analytics belong to the API process']);
  }
  const dataDir = isAbsolute(settings.ORGHEALTH_DATA_DIR) ? settings.ORGHEALTH_DATA_DIR : resolve(cwd, settings.ORGHEALTH_DATA_DIR);
  return {
    dataDir,
    host: settings.HOST,
    port: settings.PORT,
    url: settings.ORGHEALTH_URL ?? `http://${settings.HOST}:${settings.PORT}`,
    demo: { enabled: settings.ORGHEALTH_DEMO, people: settings.ORGHEALTH_DEMO_PEOPLE },
    import: {
      maxErrors: settings.ORGHEALTH_IMPORT_MAX_ERRORS,
      maxLineBytes: settings.ORGHEALTH_MAX_LINE_BYTES,
      batchSize: settings.ORGHEALTH_IMPORT_BATCH_LINES,
    },
    sqlite: { file: resolve(dataDir, 'events.sqlite'), pollIntervalMs: settings.ORGHEALTH_SQLITE_POLL_MS },
    analytics: settings.CLICKHOUSE_URL
      ? {
          mode: 'server',
          url: settings.CLICKHOUSE_URL,
          username: settings.CLICKHOUSE_USER,
          password: settings.CLICKHOUSE_PASSWORD,
          database: settings.CLICKHOUSE_DATABASE,
        }
      : { mode: 'embedded', path: resolve(dataDir, 'analytics'), database: settings.CLICKHOUSE_DATABASE },
    projector: settings.ORGHEALTH_PROJECTOR,
    minGroupSize: settings.ORGHEALTH_MIN_GROUP_SIZE,
    web: { dir: isAbsolute(settings.ORGHEALTH_WEB_DIR) ? settings.ORGHEALTH_WEB_DIR : resolve(cwd, settings.ORGHEALTH_WEB_DIR) },
    logLevel: settings.LOG_LEVEL,
  };
}
