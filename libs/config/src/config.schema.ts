import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const flag = z.enum(['0', '1', 'false', 'true']).transform((value) => value === '1' || value === 'true');

/** Every setting of the engine, read once from the environment. Defaults run embedded. */
/** A secret of at least 32 printable characters; set but empty (as compose files leave it) means unset. */
const optionalSecret = () =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .min(32, 'at least 32 characters')
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces')
      .optional(),
  );

export const EnvSchema = z.object({
  ORGHEALTH_DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .meta({ description: 'Where the SQLite event store (and the embedded analytics) live' }),
  HOST: z.string().min(1).default('127.0.0.1').meta({ description: 'Address the API binds to' }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ORGHEALTH_URL: z.url().optional().meta({ description: 'Where the CLI finds the engine (default http://HOST:PORT)' }),
  ORGHEALTH_DEMO: flag.default(true).meta({ description: 'Load a demo org on an empty data directory' }),
  ORGHEALTH_DEMO_PEOPLE: z.coerce.number().int().min(20).max(100_000).default(300),
  ORGHEALTH_IMPORT_MAX_ERRORS: z.coerce
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(1000)
    .meta({ description: 'Most rejected lines listed in an import report (all are counted)' }),
  ORGHEALTH_IMPORT_BATCH_LINES: z.coerce
    .number()
    .int()
    .min(1)
    .max(50_000)
    .default(2000)
    .meta({ description: 'Import lines decided and committed together: one fsync and one progress line per batch' }),
  ORGHEALTH_MAX_LINE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024)
    .meta({ description: 'Longest NDJSON line an import accepts' }),
  ORGHEALTH_IMPORT_IDLE_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(30_000)
    .meta({ description: 'An import body that sends nothing for this long is cut off; the batches committed before stay' }),
  ORGHEALTH_IMPORTS_PER_ORG: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(2)
    .meta({ description: 'Imports of one org running at once; one more is answered 409' }),
  ORGHEALTH_SQLITE_POLL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(250)
    .meta({ description: 'How often the live subscription looks for events written by another process' }),
  ORGHEALTH_WEB_DIR: z.string().min(1).default('dist/web').meta({ description: 'The built dashboard (npm run build), served at /' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('info'),
  ORGHEALTH_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto').meta({
    description:
      'json: one JSON object a line (for log collectors); pretty: coloured lines for a person; auto: pretty on a terminal, json otherwise',
  }),
  ORGHEALTH_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional().meta({
    description:
      'Serve the Prometheus /metrics on this port of HOST, without credentials (keep the port inside the cluster); unset: /metrics on the API port, operator key only',
  }),
  ORGHEALTH_MIN_GROUP_SIZE: z.coerce
    .number()
    .int()
    .min(3)
    .max(1000)
    .default(5)
    .meta({ description: 'Privacy threshold: group metrics over fewer people are suppressed (never below 3)' }),
  ORGHEALTH_PROJECTOR: z.enum(['inline', 'external']).default('inline').meta({
    description:
      'inline: the API process projects events into the analytics; external: a separate `npm run start:projector` does (needs CLICKHOUSE_URL)',
  }),
  ORGHEALTH_ALERTS_DEBOUNCE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(5000)
    .meta({ description: 'After a projected batch touches an org, wait this long (gathering more) before evaluating its alert rules' }),
  ORGHEALTH_ALERTS_EVERY_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(86_400_000)
    .default(60_000)
    .meta({ description: 'Every org is also evaluated this often, so alerts resolve when their window slides past the evidence' }),
  ORGHEALTH_WEBHOOK_MAX_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(12)
    .meta({ description: 'Tries per webhook delivery before it is marked failed' }),
  ORGHEALTH_WEBHOOK_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3_600_000)
    .default(2000)
    .meta({ description: 'Backoff before the first retry; it doubles per retry, with jitter' }),
  ORGHEALTH_WEBHOOK_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400_000)
    .default(900_000)
    .meta({ description: 'Longest backoff between two tries' }),
  ORGHEALTH_WEBHOOK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(300_000)
    .default(10_000)
    .meta({ description: 'A receiver slower than this to answer counts as a failed try' }),
  ORGHEALTH_WEBHOOK_POLL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(1000)
    .meta({ description: 'How often the outbox looks for deliveries whose retry is due' }),
  ORGHEALTH_WEBHOOK_ALLOW_PRIVATE: flag.default(false).meta({
    description:
      'Let webhooks reach loopback, private and link-local addresses (on-premises receivers); cloud metadata addresses stay refused',
  }),
  EVENTSTORE_CONNECTION_STRING: z
    .string()
    .regex(/^esdb(\+discover)?:\/\/\S+$/, 'must be esdb://host:port[,host:port…][?tls=true|false] or esdb+discover://…')
    .optional()
    .meta({ description: 'An EventStoreDB / KurrentDB cluster for the events; unset = the SQLite file under ORGHEALTH_DATA_DIR' }),
  ORGHEALTH_ADMIN_KEY: optionalSecret().meta({
    description: "The operator's admin key (all orgs); unset on loopback: generated once into ORGHEALTH_DATA_DIR/admin.key",
  }),
  ORGHEALTH_JWKS_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({ description: 'SSO: a JWKS that signs the JWTs the API accepts' }),
  ORGHEALTH_JWT_PUBLIC_KEY: z
    .string()
    .includes('BEGIN PUBLIC KEY')
    .optional()
    .meta({ description: 'SSO: a PEM (SPKI) public key that signs the JWTs, instead of a JWKS URL' }),
  ORGHEALTH_JWT_ISSUER: z.string().min(1).optional().meta({ description: 'The iss every JWT must carry (required with JWTs)' }),
  ORGHEALTH_JWT_AUDIENCE: z.string().min(1).optional().meta({ description: 'The aud every JWT must carry (required with JWTs)' }),
  ORGHEALTH_SESSION_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(12 * 3600)
    .meta({ description: "How long a dashboard sign-in lasts: the session cookie's server-side expiry" }),
  ORGHEALTH_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1200)
    .meta({ description: 'Requests per minute per key (per address without one)' }),
  ORGHEALTH_RATE_LIMIT_PER_ORG: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(6000)
    .meta({ description: 'Requests per minute by all the keys and sign-ins of one org together' }),
  ORGHEALTH_AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(30).meta({
    description: 'Failed authentications per minute per address; past it, that address is answered 429 until it presents valid credentials',
  }),
  ORGHEALTH_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((proxy) => proxy.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: 'must be an IP address or a CIDR range' })))
    .meta({
      description:
        'Comma-separated proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; empty: the connecting address is the client',
    }),
  ORGHEALTH_MAX_API_KEYS_PER_ORG: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1000)
    .meta({ description: 'Live API keys an org may hold; one more is answered 409' }),
  ORGHEALTH_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024)
    .meta({ description: 'Largest JSON request body' }),
  ORGHEALTH_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ })))
    .meta({ description: 'Comma-separated browser origins allowed to call the API; empty: none' }),
  CLICKHOUSE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({ description: 'A ClickHouse server (http[s]://host:port) for the analytics; unset = embedded chDB under ORGHEALTH_DATA_DIR' }),
  CLICKHOUSE_USER: z.string().min(1).default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_CLUSTER: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a plain identifier: letters, digits, _')
    .optional()
    .meta({
      description:
        'A ClickHouse cluster (remote_servers name): tables are created ON CLUSTER, replicated and distributed by org (needs CLICKHOUSE_URL)',
    }),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a plain identifier: letters, digits, _')
    .default('orghealth')
    .meta({ description: 'The analytics database, created at start when missing' }),
  CLICKHOUSE_ANALYST_ISOLATION: z.enum(['users', 'settings']).default('users').meta({
    description:
      "On a server: users runs each org's analyst SQL as its own ClickHouse user (row policies, grants, constant settings; the engine's user needs ACCESS MANAGEMENT); settings sends the org filter and readonly=1 with each request under the engine's user",
  }),
  CLICKHOUSE_ANALYST_SECRET: optionalSecret().meta({
    description:
      "Derives the passwords of the analysts' ClickHouse users (same value on every API process of one ClickHouse); unset: generated once into ORGHEALTH_DATA_DIR/clickhouse-analyst.secret",
  }),
  ORGHEALTH_SQL_MAX_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(30)
    .meta({ description: "Longest an analyst's SQL statement may run before ClickHouse stops it" }),
  ORGHEALTH_SQL_MAX_MEMORY_BYTES: z.coerce
    .number()
    .int()
    .min(16 * 1024 * 1024)
    .max(2 ** 40)
    .default(2 ** 30)
    .meta({ description: "Most memory one analyst's SQL statement may use" }),
  ORGHEALTH_SQL_MAX_ROWS_TO_READ: z.coerce
    .number()
    .int()
    .min(1000)
    .max(1e12)
    .default(100_000_000)
    .meta({ description: "Most rows one analyst's SQL statement may read, over all the tables it reads" }),
  ORGHEALTH_SQL_QUEUE_PER_ORG: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(8)
    .meta({ description: 'Most analyst SQL statements of one org running or waiting their turn; more are refused with 429' }),
});

/**
 * Whom analysts' SQL runs as on a ClickHouse server: a user per org that the
 * engine provisions (its password an HMAC of `secret`, or of the secret kept
 * in `secretFile` when none is given), or the engine's own user with the org
 * filter and readonly=1 sent with each request.
 */
export type AnalystIsolation = { isolation: 'users'; secret: string | undefined; secretFile: string } | { isolation: 'settings' };

/** Where the analytics live: the embedded chDB engine in a directory, or a ClickHouse server. */
export type AnalyticsConfig =
  | { mode: 'embedded'; path: string; database: string }
  | { mode: 'server'; url: string; username: string; password: string; database: string; cluster?: string; analysts: AnalystIsolation };

/** What one analyst's SQL statement may spend (ClickHouse stops it at the first limit reached), and how many of an org's may queue. */
export interface AnalystLimits {
  maxExecutionSeconds: number;
  maxMemoryBytes: number;
  maxRowsToRead: number;
  maxQueuedPerOrg: number;
}

/** Where the events live: the embedded SQLite file, or an EventStoreDB / KurrentDB cluster. */
export type EventStoreConfig =
  | { kind: 'sqlite'; file: string; pollIntervalMs: number }
  | { kind: 'eventstoredb'; connectionString: string };

/** SSO: JWTs signed by a JWKS or one public key, with the issuer and audience they must name. */
export type JwtConfig = { issuer: string; audience: string } & ({ jwksUrl: string } | { publicKeyPem: string });

export interface AuthConfig {
  /** The operator's key when set in the environment; else the generated one in adminKeyFile. */
  adminKey: string | undefined;
  adminKeyFile: string;
  /** API keys (hashed) and the audit log. */
  securityFile: string;
  /** Each person's key for their personal data, apart from the events: destroying one erases that person's personal data. */
  personalKeysFile: string;
  jwt: JwtConfig | undefined;
  /** How long a dashboard session lasts after sign-in. */
  sessionTtlMs: number;
  maxApiKeysPerOrg: number;
}

export interface HttpConfig {
  rateLimitPerMinute: number;
  orgRateLimitPerMinute: number;
  authFailuresPerMinute: number;
  /** Addresses or CIDR ranges whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  maxBodyBytes: number;
  corsOrigins: string[];
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export interface Config {
  dataDir: string;
  host: string;
  port: number;
  /** The engine's base URL, for clients such as the CLI. */
  url: string;
  demo: { enabled: boolean; people: number };
  import: { maxErrors: number; maxLineBytes: number; batchSize: number; idleMs: number; perOrg: number };
  sqlite: { file: string; pollIntervalMs: number };
  eventStore: EventStoreConfig;
  analytics: AnalyticsConfig;
  /** Limits of analysts' SQL (`POST /v1/sql`). */
  sql: AnalystLimits;
  projector: 'inline' | 'external';
  minGroupSize: number;
  /** Alert evaluation; settings, subscriptions and the webhook outbox live in `file`. */
  alerts: { file: string; debounceMs: number; everyMs: number };
  webhooks: {
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    timeoutMs: number;
    pollMs: number;
    allowPrivateTargets: boolean;
  };
  auth: AuthConfig;
  http: HttpConfig;
  /** The built dashboard's directory. */
  web: { dir: string };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  logFormat: z.infer<typeof EnvSchema>['ORGHEALTH_LOG_FORMAT'];
  /** Where Prometheus scrapes: on the API port for the operator's key, or a port of its own without credentials. */
  metrics: { port: number | undefined };
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
  if (settings.CLICKHOUSE_CLUSTER && !settings.CLICKHOUSE_URL) {
    throw new ConfigError(['CLICKHOUSE_CLUSTER: a cluster needs CLICKHOUSE_URL, one of its nodes; the embedded analytics are one process']);
  }
  const jwt = jwtConfig(settings);
  if (!LOOPBACK.test(settings.HOST) && !settings.ORGHEALTH_ADMIN_KEY && !jwt) {
    // A generated key sits in a file on the server: fine for one person on a laptop, not for a listening network service.
    throw new ConfigError([
      `HOST: ${settings.HOST} is not loopback; set ORGHEALTH_ADMIN_KEY or JWT verification (ORGHEALTH_JWKS_URL / ORGHEALTH_JWT_PUBLIC_KEY) first`,
    ]);
  }
  const dataDir = isAbsolute(settings.ORGHEALTH_DATA_DIR) ? settings.ORGHEALTH_DATA_DIR : resolve(cwd, settings.ORGHEALTH_DATA_DIR);
  const sqlite = { file: resolve(dataDir, 'events.sqlite'), pollIntervalMs: settings.ORGHEALTH_SQLITE_POLL_MS };
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
      idleMs: settings.ORGHEALTH_IMPORT_IDLE_MS,
      perOrg: settings.ORGHEALTH_IMPORTS_PER_ORG,
    },
    sqlite,
    eventStore: settings.EVENTSTORE_CONNECTION_STRING
      ? { kind: 'eventstoredb', connectionString: settings.EVENTSTORE_CONNECTION_STRING }
      : { kind: 'sqlite', ...sqlite },
    analytics: settings.CLICKHOUSE_URL
      ? {
          mode: 'server',
          url: settings.CLICKHOUSE_URL,
          username: settings.CLICKHOUSE_USER,
          password: settings.CLICKHOUSE_PASSWORD,
          database: settings.CLICKHOUSE_DATABASE,
          ...(settings.CLICKHOUSE_CLUSTER ? { cluster: settings.CLICKHOUSE_CLUSTER } : {}),
          analysts:
            settings.CLICKHOUSE_ANALYST_ISOLATION === 'users'
              ? {
                  isolation: 'users',
                  secret: settings.CLICKHOUSE_ANALYST_SECRET,
                  secretFile: resolve(dataDir, 'clickhouse-analyst.secret'),
                }
              : { isolation: 'settings' },
        }
      : { mode: 'embedded', path: resolve(dataDir, 'analytics'), database: settings.CLICKHOUSE_DATABASE },
    sql: {
      maxExecutionSeconds: settings.ORGHEALTH_SQL_MAX_SECONDS,
      maxMemoryBytes: settings.ORGHEALTH_SQL_MAX_MEMORY_BYTES,
      maxRowsToRead: settings.ORGHEALTH_SQL_MAX_ROWS_TO_READ,
      maxQueuedPerOrg: settings.ORGHEALTH_SQL_QUEUE_PER_ORG,
    },
    projector: settings.ORGHEALTH_PROJECTOR,
    minGroupSize: settings.ORGHEALTH_MIN_GROUP_SIZE,
    alerts: {
      file: resolve(dataDir, 'alerts.sqlite'),
      debounceMs: settings.ORGHEALTH_ALERTS_DEBOUNCE_MS,
      everyMs: settings.ORGHEALTH_ALERTS_EVERY_MS,
    },
    webhooks: {
      maxAttempts: settings.ORGHEALTH_WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: settings.ORGHEALTH_WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: settings.ORGHEALTH_WEBHOOK_RETRY_MAX_MS,
      timeoutMs: settings.ORGHEALTH_WEBHOOK_TIMEOUT_MS,
      pollMs: settings.ORGHEALTH_WEBHOOK_POLL_MS,
      allowPrivateTargets: settings.ORGHEALTH_WEBHOOK_ALLOW_PRIVATE,
    },
    auth: {
      adminKey: settings.ORGHEALTH_ADMIN_KEY,
      adminKeyFile: resolve(dataDir, 'admin.key'),
      securityFile: resolve(dataDir, 'security.sqlite'),
      personalKeysFile: resolve(dataDir, 'personal-data-keys.sqlite'),
      jwt,
      sessionTtlMs: settings.ORGHEALTH_SESSION_SECONDS * 1000,
      maxApiKeysPerOrg: settings.ORGHEALTH_MAX_API_KEYS_PER_ORG,
    },
    http: {
      rateLimitPerMinute: settings.ORGHEALTH_RATE_LIMIT,
      orgRateLimitPerMinute: settings.ORGHEALTH_RATE_LIMIT_PER_ORG,
      authFailuresPerMinute: settings.ORGHEALTH_AUTH_FAILURE_LIMIT,
      trustedProxies: settings.ORGHEALTH_TRUSTED_PROXIES,
      maxBodyBytes: settings.ORGHEALTH_MAX_BODY_BYTES,
      corsOrigins: settings.ORGHEALTH_CORS_ORIGINS,
    },
    web: { dir: isAbsolute(settings.ORGHEALTH_WEB_DIR) ? settings.ORGHEALTH_WEB_DIR : resolve(cwd, settings.ORGHEALTH_WEB_DIR) },
    logLevel: settings.LOG_LEVEL,
    logFormat: settings.ORGHEALTH_LOG_FORMAT,
    metrics: { port: settings.ORGHEALTH_METRICS_PORT },
  };
}

function jwtConfig(settings: z.infer<typeof EnvSchema>): JwtConfig | undefined {
  const {
    ORGHEALTH_JWKS_URL: jwksUrl,
    ORGHEALTH_JWT_PUBLIC_KEY: publicKeyPem,
    ORGHEALTH_JWT_ISSUER: issuer,
    ORGHEALTH_JWT_AUDIENCE: audience,
  } = settings;
  if (!jwksUrl && !publicKeyPem) return undefined;
  const problems = [
    ...(jwksUrl && publicKeyPem ? ['ORGHEALTH_JWKS_URL: set it or ORGHEALTH_JWT_PUBLIC_KEY, not both'] : []),
    ...(issuer ? [] : ['ORGHEALTH_JWT_ISSUER: required to verify JWTs']),
    ...(audience ? [] : ['ORGHEALTH_JWT_AUDIENCE: required to verify JWTs']),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return jwksUrl
    ? { issuer: issuer!, audience: audience!, jwksUrl }
    : { issuer: issuer!, audience: audience!, publicKeyPem: publicKeyPem! };
}
