import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// Asset names carry a hash of their content, so a browser may keep them for good; the page itself is
// revalidated on every load so a new build is picked up at once.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

interface Asset {
  body: Buffer;
  /** Compressed once at start (a third of the size for the script): every browser in use accepts it. */
  brotli: Buffer;
  type: string;
}

function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    assets.set(name, { body, brotli: brotliCompressSync(body), type });
  }
  return assets;
}

/**
 * Serves the dashboard built into `dir` (`npm run build`) at `/`, from memory: a few hundred kB read once.
 * Plain Fastify routes, outside Nest's controllers, so the OpenAPI document stays the API's alone.
 */
export function serveDashboard(fastify: FastifyInstance, dir: string): void {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) {
    new Logger('dashboard').warn(`no dashboard in ${dir}: run npm run build`);
    fastify.get('/', (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(`The dashboard is not built: run npm run build (looked in ${dir}).\n`),
    );
    return;
  }
  const index = readFileSync(indexFile);
  const assets = loadAssets(join(dir, 'assets'));
  fastify.get('/', (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', REVALIDATE)
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .send(index),
  );
  fastify.get<{ Params: { name: string } }>('/assets/:name', (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset)
      return reply
        .code(404)
        .type('application/json')
        .send({ statusCode: 404, error: 'not_found', message: `no asset ${request.params.name}` });
    void reply
      .type(asset.type)
      .header('cache-control', IMMUTABLE)
      .header('x-content-type-options', 'nosniff')
      .header('vary', 'accept-encoding');
    if (/\bbr\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'br').send(asset.brotli);
    return reply.send(asset.body);
  });
}
