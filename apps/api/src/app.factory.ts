import 'reflect-metadata';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { Authenticator } from './security/authenticator.js';
import { ownerOnlyDataDir, type Config } from '@orghealth/config';
import { AppModule } from './app.module.js';
import { NDJSON } from './events/events.schemas.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { createEngineLogger, type EngineLogger } from './observability/engine-logger.js';
import { EngineMetrics } from './observability/engine-metrics.js';
import { observeHttp } from './observability/http-observer.js';
import { requestIdOf } from './observability/request-id.js';
import { buildOpenApiDocument } from './openapi/openapi.document.js';
import { isBudgeted, registerRequestBudgets } from './security/rate-limits/request-budgets.js';
import { CSV, ICALENDAR } from './sources/media-types.js';
import { serveDashboard } from './web/dashboard-assets.js';

const VERSION = '0.1.0';

/** Builds the API app (not listening yet): the same wiring for `npm start` and the tests. */
export async function createApp(config: Config, logger: EngineLogger = createEngineLogger(config)): Promise<NestFastifyApplication> {
  // Before any store opens: events, alerts, keys and analytics are the owner's alone.
  ownerOnlyDataDir(config.dataDir);
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.maxBodyBytes,
    return503OnClosing: true,
    genReqId: requestIdOf,
    // Only a configured proxy's X-Forwarded-For is believed; anyone else could name any address and get a fresh budget.
    trustProxy: config.http.trustedProxies.length > 0 ? config.http.trustedProxies : false,
  });
  const fastify = adapter.getInstance();
  // Imports are streamed: hand the raw request to the controller instead of buffering it.
  fastify.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));
  fastify.addContentTypeParser(ICALENDAR, (_request, payload, done) => done(null, payload));
  fastify.addContentTypeParser(CSV, (_request, payload, done) => done(null, payload));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { logger: logger.nest });
  observeHttp(fastify, app.get(EngineMetrics), logger);
  app.useGlobalFilters(new ApiExceptionFilter());
  const authenticator = app.get(Authenticator);
  // The OpenAPI UI is the only HTML served: its own scripts and styles, nothing from elsewhere.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });
  await app.register(fastifyRateLimit, {
    max: config.http.rateLimitPerMinute,
    timeWindow: 60_000,
    allowList: (request: FastifyRequest) => !isBudgeted(request.url),
    // Per principal (a key, a JWT subject, the operator); calls without valid credentials share their address's budget,
    // so inventing keys buys no extra requests.
    keyGenerator: async (request: FastifyRequest) => (await authenticator.principalOf(request))?.subject ?? `ip:${request.ip}`,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'too_many_requests',
      message: `more than ${context.max} requests a minute with this key: retry in ${context.after}`,
    }),
  });
  registerRequestBudgets(fastify, authenticator, config.http);
  // No origin is allowed unless configured: browsers then refuse cross-site calls.
  if (config.http.corsOrigins.length > 0) app.enableCors({ origin: config.http.corsOrigins, credentials: false, maxAge: 600 });
  await app.register(fastifySwagger, { mode: 'static', specification: { document: buildOpenApiDocument(VERSION) as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  serveDashboard(fastify, config.web.dir);
  return app;
}
