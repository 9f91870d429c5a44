import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Config } from '@orghealth/config';
import { CONFIG } from '../engine/engine.module.js';
import { EngineMetrics } from './engine-metrics.js';

/**
 * With ORGHEALTH_METRICS_PORT, /metrics on a port of its own without credentials: a scraper inside the
 * cluster needs no key, and the port is kept from the outside by the network, not by the engine.
 */
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    private readonly metrics: EngineMetrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Where the metrics port listens, once it does. */
  get url(): string | undefined {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return address
      ? `http://${this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host}:${address.port}/metrics`
      : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port } = this.config.metrics;
    if (port === undefined) return;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || new URL(request.url ?? '/', 'http://metrics').pathname !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics\n');
        return;
      }
      this.metrics.scrape().then(
        (text) => response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, this.config.host, resolve));
    this.server = server;
    new Logger('metrics').log(`metrics on ${this.url}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.metrics.close();
  }
}
