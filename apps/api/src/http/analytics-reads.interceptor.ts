import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { AnalyticsRuntime } from '@orghealth/analytics';
import { from, lastValueFrom, type Observable } from 'rxjs';

/**
 * Runs a request that reads the analytics wholly before or wholly after a
 * rebuild's swap of the tables (AnalyticsRuntime.reading): its several
 * queries never straddle the swap.
 */
@Injectable()
export class AnalyticsReads implements NestInterceptor {
  constructor(private readonly analytics: AnalyticsRuntime) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.analytics.reading(() => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
