import 'reflect-metadata';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Config } from '@orghealth/config';
import { AppModule } from './app.module.js';
import { NDJSON } from './events/events.schemas.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { buildOpenApiDocument } from './openapi/openapi.document.js';
import { serveDashboard } from './web/dashboard-assets.js';

const VERSION = '0.1.0';

/** Builds the API app (not listening yet): the same wiring for `npm start` and the tests. */
export async function createApp(config: Config): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: 1024 * 1024, return503OnClosing: true });
  const fastify = adapter.getInstance();
  // Imports are streamed: hand the raw request to the controller instead of buffering it.
  fastify.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: levelsUpTo(config.logLevel),
  });
  app.useGlobalFilters(new ApiExceptionFilter());
  await app.register(fastifySwagger, { mode: 'static', specification: { document: buildOpenApiDocument(VERSION) as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  serveDashboard(fastify, config.web.dir);
  return app;
}

function levelsUpTo(level: Config['logLevel']): ('fatal' | 'error' | 'warn' | 'log' | 'debug')[] {
  const order = ['fatal', 'error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(level === 'info' ? 'log' : level) + 1);
}
