import type { FastifyInstance } from 'fastify';
import type { EngineLogger } from './engine-logger.js';
import type { EngineMetrics } from './engine-metrics.js';
import { REQUEST_ID_HEADER } from './request-id.js';

// Requests no route matched (scanners, typos) share one label instead of one per path tried.
const UNMATCHED = 'unmatched';

/** Every request: its id echoed to the caller (to quote in a report), then timed into the metrics and logged. */
export function observeHttp(fastify: FastifyInstance, metrics: EngineMetrics, logger: EngineLogger): void {
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    const { method } = request;
    const { statusCode, elapsedTime } = reply;
    metrics.observeRequest({ method, route, statusCode, seconds: elapsedTime / 1000 });
    logger.request({ requestId: request.id, method, route, statusCode, ms: Math.round(elapsedTime * 10) / 10 });
  });
}
