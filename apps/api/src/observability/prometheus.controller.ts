import { Controller, Inject, NotFoundException, Res } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import type { FastifyReply } from 'fastify';
import { CONFIG } from '../engine/engine.module.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';
import { EngineMetrics } from './engine-metrics.js';

/** GET /metrics on the API port, for the operator's key; with a metrics port of its own, only there. */
@Controller()
export class PrometheusController {
  constructor(
    private readonly metrics: EngineMetrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Route(API_ROUTES.getPrometheusMetrics)
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    if (this.config.metrics.port !== undefined)
      throw new NotFoundException(`metrics are served on port ${this.config.metrics.port} (ORGHEALTH_METRICS_PORT)`);
    await reply.type(this.metrics.registry.contentType).send(await this.metrics.scrape());
  }
}
