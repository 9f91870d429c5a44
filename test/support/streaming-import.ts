import { request } from 'node:http';
import { authHeaders } from './credentials.js';

export interface ImportProgressLine {
  type: 'progress' | 'report' | 'error';
  committedThroughLine?: number;
  accepted?: number;
  duplicates?: number;
  rejected?: number;
  [key: string]: unknown;
}

/**
 * Streams NDJSON lines to the import endpoint in chunks, reading the
 * progress lines the server sends back meanwhile. `onProgress` may return
 * true to stop sending (the caller is about to kill the server).
 */
export function streamImport(
  url: string,
  lines: readonly string[],
  options: { chunkLines: number; onProgress?: (line: ImportProgressLine) => boolean | void },
): Promise<{ received: ImportProgressLine[]; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    const received: ImportProgressLine[] = [];
    let stopSending = false;
    let settled = false;
    const finish = (aborted: boolean) => {
      if (!settled) {
        settled = true;
        resolve({ received, aborted });
      }
    };
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/x-ndjson', accept: 'application/x-ndjson', ...authHeaders() } },
      (res) => {
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline: number;
          while ((newline = buffered.indexOf('\n')) !== -1) {
            const progress = JSON.parse(buffered.slice(0, newline)) as ImportProgressLine;
            buffered = buffered.slice(newline + 1);
            received.push(progress);
            if (options.onProgress?.(progress)) stopSending = true;
          }
        });
        res.on('end', () => finish(false));
        res.on('error', () => finish(true));
        res.on('aborted', () => finish(true));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (['ECONNRESET', 'EPIPE', 'ECONNREFUSED'].includes(error.code ?? '')) finish(true);
      else reject(error);
    });
    req.on('close', () => setTimeout(() => finish(true), 50));
    (async () => {
      for (let start = 0; start < lines.length && !stopSending && !settled; start += options.chunkLines) {
        const chunk = `${lines.slice(start, start + options.chunkLines).join('\n')}\n`;
        if (!req.write(chunk)) await new Promise((drained) => req.once('drain', drained));
        // Let the server commit and answer between chunks, as a real upload over a network would.
        await new Promise((next) => setTimeout(next, 5));
      }
      if (!stopSending) req.end();
    })().catch(() => finish(true));
  });
}
