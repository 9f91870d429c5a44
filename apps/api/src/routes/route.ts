import { applyDecorators, Delete, Get, HttpCode, Post, Put, SetMetadata } from '@nestjs/common';
import type { z } from 'zod';
import { ACCESS_RULE, type AccessRule } from '../security/access.js';

/** What a successful answer carries: JSON of a schema, an NDJSON stream, text of a media type, or nothing (204). */
export interface Reply {
  description: string;
  json?: z.ZodType;
  /** The media type of a text answer (the Prometheus exposition). */
  text?: string;
  /** NDJSON lines of this schema; a string schema when the lines are free-form. */
  ndjson?: z.ZodType;
  /** Also a CSV or Parquet file of the answer's rows (`Accept` or `format=`), written by ClickHouse: what the file holds. */
  exports?: string;
}

/** The client errors a route answers besides the ones every route shares (401, 403, 413, 429 come from its access and body). */
export type ErrorStatus = 400 | 404 | 408 | 409 | 415 | 422 | 503;

/**
 * One HTTP route, declared once: the controller's handler takes its method,
 * path, status and access rule from here, and the OpenAPI document is built
 * from the same object, so the three cannot drift apart.
 */
export interface RouteDeclaration {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The full path in Nest's syntax (`:orgId`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: AccessRule;
  /** The status of success, the one the handler answers unless it says otherwise. */
  status: 200 | 201 | 204;
  replies: Partial<Record<200 | 201 | 204, Reply>>;
  params?: z.ZodObject;
  query?: z.ZodType;
  /** A JSON body of this schema, or NDJSON text; the example is what a client sends (a test parses it with the schema). */
  body?: { json: z.ZodType; example: unknown } | { ndjson: string; example: string } | { text: string; mediaType: string; example: string };
  errors?: Partial<Record<ErrorStatus, string>>;
}

const METHODS = { GET: Get, POST: Post, PUT: Put, DELETE: Delete } as const;

/** Applies a declared route to its handler: method and path, success status, access rule. */
export function Route(route: RouteDeclaration): MethodDecorator {
  return applyDecorators(METHODS[route.method](route.path), HttpCode(route.status), SetMetadata(ACCESS_RULE, route.access));
}
