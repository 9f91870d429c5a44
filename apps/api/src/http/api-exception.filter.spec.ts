import { NotFoundException } from '@nestjs/common';
import { AnalyticsUnavailableError, AnalystUserError } from '@orghealth/analytics';
import { EventStoreUnavailableError } from '@orghealth/event-store';
import { ApiError } from './api-error.js';
import { toErrorBody } from './api-exception.filter.js';

describe('toErrorBody: every error in one shape', () => {
  it('keeps an ApiError as it is', () => {
    expect(toErrorBody(ApiError.notFound('org x has no events'))).toEqual({
      statusCode: 404,
      error: 'not_found',
      message: 'org x has no events',
    });
  });

  it('answers 503 when the analytics are unavailable, before or after start-up', () => {
    expect(toErrorBody(new AnalyticsUnavailableError('connecting'))).toMatchObject({ statusCode: 503, error: 'unavailable' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:8123'), { code: 'ECONNREFUSED' });
    expect(toErrorBody(refused)).toEqual({
      statusCode: 503,
      error: 'unavailable',
      message: 'the analytics store is unavailable: ECONNREFUSED',
    });
  });

  it('answers 503 when the event store cannot be reached (no leader, a node down)', () => {
    expect(toErrorBody(new EventStoreUnavailableError('not-leader: Not leader'))).toEqual({
      statusCode: 503,
      error: 'unavailable',
      message: 'the event store is unavailable: not-leader: Not leader',
    });
  });

  it("answers 503 with ClickHouse's reason when the engine may not set up an org's analyst user", () => {
    const error = new AnalystUserError(
      'orghealth_analyst_acme',
      "default: Not enough privileges. To execute this query, it's necessary to have the grant CREATE USER ON orghealth_analyst_acme.\nStack trace: …",
    );
    expect(toErrorBody(error)).toEqual({
      statusCode: 503,
      error: 'unavailable',
      message:
        "the analysts' ClickHouse user orghealth_analyst_acme could not be set up: default: Not enough privileges. To execute this query, it's necessary to have the grant CREATE USER ON orghealth_analyst_acme.",
    });
  });

  it('passes client errors through with their status', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /nothing'))).toMatchObject({ statusCode: 404, error: 'not_found' });
  });

  it('hides everything else behind a generic 500, with no message, stack or path of its own', () => {
    const body = toErrorBody(new TypeError("Cannot read properties of undefined (reading 'x') at /work/main/dist/x.js:1:2"));
    expect(body).toEqual({ statusCode: 500, error: 'internal', message: 'internal error; the server log has the details' });
  });
});
