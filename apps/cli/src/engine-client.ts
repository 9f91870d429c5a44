import { authHeaders, defaultUrl } from './commands/command.js';

/** The engine's error body, as much of it as the CLI reads. */
interface Refusal {
  message?: string;
  field?: string;
  issues?: { path: string; message: string }[];
}

const HOW_TO_POINT = 'start it (npm start), or point the CLI at it with --url URL or ORGHEALTH_URL=URL';
const HOW_TO_AUTHENTICATE =
  'set ORGHEALTH_API_KEY to an API key of the org (orghealth keys create), or run the CLI beside the engine, which reads its admin key';

/** The engine said no: its reason, naming the field. 4xx is the caller's to fix (exit 2), 5xx the engine's (exit 1). */
export class EngineRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EngineRefusal';
  }

  get exitCode(): number {
    return this.status < 500 ? 2 : 1;
  }
}

/** The base URL the CLI talks to: --url, else ORGHEALTH_URL, else HOST and PORT as the engine reads them. */
export const engineUrl = (path: string, url: string | undefined): URL => new URL(path, url ?? defaultUrl());

/** The engine did not answer at all: which URL was tried, and how to give another. */
export function unreachable(url: URL, error: unknown): Error {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new Error(`cannot reach the engine at ${url.origin} (${reason}): ${HOW_TO_POINT}`);
}

/** The engine's refusal as a person reads it: the status, the message, each field with its reason. */
export function refusal(status: number, text: string): EngineRefusal {
  let body: Refusal = {};
  try {
    body = JSON.parse(text) as Refusal;
  } catch {
    body = { message: text.trim() || undefined };
  }
  const lines = [`the engine refused (${status}): ${body.message ?? 'no reason given'}${body.field ? ` [field: ${body.field}]` : ''}`];
  for (const issue of body.issues ?? []) lines.push(`  ${issue.path || '(body)'}: ${issue.message}`);
  if (status === 401)
    lines.push(
      `  ${process.env.ORGHEALTH_API_KEY ? 'ORGHEALTH_API_KEY is not a valid key for this engine' : 'no key was sent'}: ${HOW_TO_AUTHENTICATE}`,
    );
  return new EngineRefusal(status, lines.join('\n'));
}

/** A call with the CLI's key; resolves only with a 2xx answer, else throws what went wrong, in words. */
export async function callEngine(url: URL, init: { method: string; body?: unknown }): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { ...authHeaders(), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch (error) {
    throw unreachable(url, error);
  }
  if (!response.ok) throw refusal(response.status, await response.text());
  return response;
}
