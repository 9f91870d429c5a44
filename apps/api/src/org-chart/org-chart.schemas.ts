import { Position } from '@orghealth/domain';
import { z } from 'zod';
import { AsOfQuery, pageQuery } from '../http/query.schemas.js';

/**
 * Pages of up to 20,000 people: a chart is computed whole for each request, so a client that needs it
 * all (the dashboard) asks once for an org of that size.
 */
export const OrgChartQuery = AsOfQuery.extend(pageQuery(20_000).shape);
export type OrgChartQuery = z.infer<typeof OrgChartQuery>;

export const OrgChart = z.object({
  orgId: z.string(),
  asOf: z.iso.datetime(),
  headcount: z.int().meta({ description: 'Active people at asOf' }),
  layers: z.int().meta({ description: 'Number of layers at asOf' }),
  total: z.int().meta({ description: 'People in the whole chart, for paging' }),
  limit: z.int(),
  offset: z.int(),
  people: z.array(Position).meta({ description: 'Ordered by layer, then personId' }),
});
export type OrgChart = z.infer<typeof OrgChart>;

export const PersonAt = Position.extend({
  asOf: z.iso.datetime(),
  managementChain: z.array(z.string()).meta({ description: 'Managers above the person, nearest first' }),
});
export type PersonAt = z.infer<typeof PersonAt>;
