import { loadConfig } from '@orghealth/config';
/** One CLI command: its usage text is its `--help`. Exit codes: 0 ok, 1 failure, 2 usage or rejected input. */
export interface CliCommand {
  name: string;
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
