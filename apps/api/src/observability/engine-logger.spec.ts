import { PassThrough } from 'node:stream';
import { createEngineLogger } from './engine-logger.js';

/** Stdout as a pipe or as a terminal, capturing what is written. */
function stdout(isTTY: boolean): { out: PassThrough & { isTTY?: boolean }; lines: () => string[] } {
  const out = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { out, lines: () => text.trimEnd().split('\n') };
}

const REQUEST = { requestId: 'req-1', method: 'GET', route: '/v1/orgs/:orgId/org-chart', statusCode: 200, ms: 3.2 };

describe('the engine logger', () => {
  it('writes JSON lines when stdout is not a terminal: level names, the context, request fields', () => {
    const { out, lines } = stdout(false);
    const logger = createEngineLogger({ logLevel: 'info', logFormat: 'auto' }, out);
    logger.nest.log('started', 'orghealth');
    logger.nest.error('it broke', 'Error: it broke\n    at here', 'http');
    logger.nest.debug?.('not shown at info', 'orghealth');
    logger.request(REQUEST);
    const [started, broke, request, ...rest] = lines().map((line) => JSON.parse(line));
    expect(rest).toEqual([]);
    expect(started).toMatchObject({
      level: 'info',
      msg: 'started',
      context: 'orghealth',
      service: 'orghealth',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(broke).toMatchObject({ level: 'error', msg: 'it broke', context: 'http', stack: expect.stringContaining('at here') });
    expect(request).toMatchObject({ level: 'info', msg: 'request', context: 'http', ...REQUEST });
  });

  it('writes lines for a person when stdout is a terminal, or when asked to', () => {
    for (const [isTTY, logFormat] of [
      [true, 'auto'],
      [false, 'pretty'],
    ] as const) {
      const { out } = stdout(isTTY);
      const logger = createEngineLogger({ logLevel: 'info', logFormat }, out);
      // Nest's console logger writes to process.stdout itself: what matters here is that nothing JSON reaches `out`.
      expect(logger.nest.constructor.name).toBe('ConsoleLogger');
    }
  });

  it('writes JSON on a terminal too when told to (json)', () => {
    const { out, lines } = stdout(true);
    createEngineLogger({ logLevel: 'info', logFormat: 'json' }, out).request(REQUEST);
    expect(JSON.parse(lines()[0]!)).toMatchObject(REQUEST);
  });
});
