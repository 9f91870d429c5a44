import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ConfigError, loadConfig } from '@orghealth/config';
import { recordThrough } from '@orghealth/write-model';
import { createApp } from './app.factory.js';
import { seedDemoOrg } from './demo/demo-seed.js';
import { EVENT_STORE } from './engine/engine.module.js';
import { Readiness } from './health/readiness.js';
import { Authenticator } from './security/authenticator.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger('orghealth');
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  logger.log(`API on ${(await app.getUrl()).replace('[::1]', 'localhost')} (docs at /docs), data in ${config.dataDir}`);
  const keyFile = app.get(Authenticator).generatedKeyFile;
  // Where the key is, never the key itself: logs are read by more people than the data directory.
  if (keyFile) logger.log(`admin key (owner-only file): ${keyFile}; send it as -H "Authorization: Bearer $(cat ${keyFile})"`);
  // A stop is graceful: in-flight requests finish, the store closes, and the exit code says all went well.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: shutting down`);
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(error);
          process.exit(1);
        },
      );
    });
  }
  await seedDemoOrg(config, app.get(EVENT_STORE), recordThrough(app.get(CommandBus)));
  app.get(Readiness).ready = true;
}

main().catch((error: unknown) => {
  // A bad configuration is the user's to fix: say what, without a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
