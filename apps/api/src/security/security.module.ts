import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Config } from '@orghealth/config';
import { AccessGuard } from './access.guard.js';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { AuditController } from './audit/audit.controller.js';
import { Authenticator } from './authenticator.js';
import { SecurityStore } from './security-store.js';
import { SessionController } from './session/session.controller.js';
import { SubtreeScope } from './subtree-scope.js';

class SecurityLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SecurityStore) private readonly store: SecurityStore) {}

  onApplicationShutdown(): void {
    this.store.close();
  }
}

/** Authentication, the default-deny guard on every route, API keys, dashboard sessions and the audit log. */
@Global()
@Module({})
export class SecurityModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: SecurityModule,
      controllers: [ApiKeysController, AuditController, SessionController],
      providers: [
        { provide: SecurityStore, useFactory: () => SecurityStore.open(config.auth.securityFile) },
        { provide: Authenticator, inject: [SecurityStore], useFactory: (store: SecurityStore) => new Authenticator(config.auth, store) },
        { provide: APP_GUARD, useClass: AccessGuard },
        SubtreeScope,
        SecurityLifecycle,
      ],
      exports: [SecurityStore, Authenticator, SubtreeScope],
    };
  }
}
