import { ConsoleLogger, type LoggerService, type LogLevel } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import { pino, type Logger as Pino } from 'pino';

/** What the engine logs of each HTTP request: the route's pattern, never its path, so no id or name of a person is written. */
export interface RequestLine {
  requestId: string;
  method: string;
  route: string;
  statusCode: number;
  ms: number;
}

/** The process's logger: Nest's messages and one line per request, as JSON lines or, on a terminal, for a person. */
export interface EngineLogger {
  nest: LoggerService;
  request(line: RequestLine): void;
}

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

const NEST_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug'] as const;

function levelsUpTo(level: Config['logLevel']): LogLevel[] {
  return NEST_LEVELS.slice(0, NEST_LEVELS.indexOf(level === 'info' ? 'log' : level) + 1);
}

/**
 * JSON unless a person reads: `auto` is pretty only when stdout is a terminal, so a container or a pipe to a log
 * collector always gets JSON lines.
 */
export function createEngineLogger(
  config: Pick<Config, 'logLevel' | 'logFormat'>,
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): EngineLogger {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && out.isTTY === true);
  if (pretty) {
    const nest = new ConsoleLogger({ logLevels: levelsUpTo(config.logLevel) });
    return {
      nest,
      request: (line) => nest.log(`${line.method} ${line.route} ${line.statusCode} ${line.ms.toFixed(1)} ms (${line.requestId})`, 'http'),
    };
  }
  // Synchronous on stdout: the lines written just before a crash or an exit are not lost in a buffer.
  const destination = out === process.stdout ? pino.destination({ dest: 1, sync: true }) : out;
  const root = pino(
    // Level names rather than pino's numbers: what log collectors and people search for.
    {
      level: config.logLevel,
      base: { service: 'orghealth' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return { nest: new PinoNestLogger(root), request: (line) => root.info({ context: 'http', ...line }, 'request') };
}

/**
 * Nest's LoggerService over pino: Nest passes the context (the logger's name) last, and for errors a stack
 * before it.
 */
class PinoNestLogger implements LoggerService {
  readonly log = this.at('info');
  readonly error = this.at('error');
  readonly warn = this.at('warn');
  readonly debug = this.at('debug');
  readonly verbose = this.at('trace');
  readonly fatal = this.at('fatal');

  constructor(private readonly pino: Pino) {}

  private at(level: PinoLevel): (message: unknown, ...rest: unknown[]) => void {
    return (message, ...rest) => this.write(level, message, rest);
  }

  private write(level: PinoLevel, message: unknown, rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields = { ...(context ? { context } : {}), ...(stack ? { stack } : {}) };
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'string') this.pino[level](fields, message);
    else this.pino[level]({ ...fields, detail: message }, '');
  }
}
