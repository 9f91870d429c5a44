import { Controller, Param, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { OrgStateCache, recordThrough } from '@orghealth/write-model';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { ApiError } from '../../http/api-error.js';
import { OrgParams } from '../../http/query.schemas.js';
import { ZodValidationPipe } from '../../http/zod-validation.pipe.js';
import { PersonalDataVault } from '../../privacy/erasure/personal-data-vault.js';
import { API_ROUTES } from '../../routes/api-routes.js';
import { Route } from '../../routes/route.js';
import { readSnapshotCsv } from './snapshot-csv.js';
import { CSV } from '../media-types.js';
import { SnapshotQuery } from './snapshot.schemas.js';
import { DEFAULT_SNAPSHOT_GUARD, latestStructureChange, planSnapshot } from './snapshot-diff.js';

/** How many planned changes a dry run shows in full. */
const PREVIEWED_CHANGES = 50;

/**
 * HR snapshots: the whole list of people as the HR system saw them at
 * effectiveAt, as CSV, compared with the org as recorded then; the
 * difference is recorded through the same command as every other event.
 */
@Controller()
export class HrisSnapshotsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly cache: OrgStateCache,
    private readonly vault: PersonalDataVault,
  ) {}

  @Route(API_ROUTES.syncHrisSnapshot)
  async snapshot(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(SnapshotQuery, 'query')) query: SnapshotQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!request.headers['content-type']?.startsWith(CSV)) {
      throw new ApiError({
        statusCode: 415,
        error: 'unsupported_media_type',
        message: `send the snapshot as ${CSV}, a header row then one row per person`,
      });
    }
    const read = await readSnapshotCsv(request.body as Readable);
    if (!read.ok) {
      void reply.status(422).send({
        statusCode: 422,
        error: 'invalid_snapshot',
        message: `the snapshot has ${read.problems.length} problem(s), each listed by row and column; nothing was recorded (a snapshot is all or nothing)`,
        problems: read.problems,
      });
      return;
    }
    const { state } = await this.cache.current(orgId);
    const latest = latestStructureChange(state.structure);
    if (Date.parse(query.effectiveAt) < latest) {
      throw new ApiError({
        statusCode: 409,
        error: 'conflict',
        message: `effectiveAt ${query.effectiveAt} is before the org's latest recorded structure change (${new Date(latest).toISOString()}): snapshots go forward in time`,
        field: 'effectiveAt',
      });
    }
    const plan = planSnapshot({
      orgId,
      effectiveAt: query.effectiveAt,
      structure: state.structure,
      people: read.people,
      seal: (personId, text) => this.vault.seal(orgId, personId, text),
      guard: DEFAULT_SNAPSHOT_GUARD,
    });
    const counts = Object.fromEntries(
      ['PersonJoined', 'ReportingLineChanged', 'PersonLeft', 'PersonUpdated'].map((type) => [
        type,
        plan.events.filter((event) => event.type === type).length,
      ]),
    );
    const summary = {
      effectiveAt: new Date(Date.parse(query.effectiveAt)).toISOString(),
      rows: read.people.length,
      activeBefore: plan.activeBefore,
      leavers: plan.leavers,
      managerChanges: plan.managerChanges,
      counts,
    };
    if (plan.guardRefusal && !query.force) {
      void reply.status(409).send({ statusCode: 409, error: 'conflict', message: plan.guardRefusal, ...summary });
      return;
    }
    if (query.dryRun) {
      const changes = plan.events.slice(0, PREVIEWED_CHANGES).map(({ type, data }) => ({ type, data }));
      void reply.status(200).send({ dryRun: true, ...summary, changes });
      return;
    }
    const outcomes = await recordThrough(this.commands)(orgId, plan.events);
    const rejected = outcomes.flatMap((outcome, index) =>
      outcome.status === 'rejected' || outcome.status === 'conflict'
        ? [
            {
              type: plan.events[index]!.type,
              personId: plan.events[index]!.data.personId,
              reason: outcome.status === 'rejected' ? `${outcome.violation.code}: ${outcome.violation.message}` : outcome.reason,
            },
          ]
        : [],
    );
    void reply.status(200).send({
      dryRun: false,
      ...summary,
      recorded: outcomes.filter((outcome) => outcome.status === 'recorded').length,
      duplicates: outcomes.filter((outcome) => outcome.status === 'duplicate').length,
      rejected,
    });
  }
}
