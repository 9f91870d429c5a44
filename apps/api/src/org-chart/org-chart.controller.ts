import { Controller, Param, Query } from '@nestjs/common';
import { chainAt, layerAt, orgAt, stintAt, directsAt, managerAt } from '@orghealth/domain';
import { OrgStateCache, type OrgSnapshot } from '@orghealth/write-model';
import { ApiError } from '../http/api-error.js';
import { AsOfQuery, OrgParams, PersonParams } from '../http/query.schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
import { PersonalDataVault, reveal } from '../privacy/erasure/personal-data-vault.js';
import { Caller } from '../security/access.js';
import type { Principal } from '../security/principal.js';
import { canSee, SubtreeScope } from '../security/subtree-scope.js';
import { OrgChartQuery, type OrgChart, type PersonAt } from './org-chart.schemas.js';
import { API_ROUTES } from '../routes/api-routes.js';
import { Route } from '../routes/route.js';

/**
 * The structure as it stood at an instant, straight from the write model's reporting-line history.
 * Managers and executives see their own subtree only (as of now), so headcount and layers are theirs too.
 */
@Controller()
export class OrgChartController {
  constructor(
    private readonly cache: OrgStateCache,
    private readonly scope: SubtreeScope,
    private readonly vault: PersonalDataVault,
  ) {}

  @Route(API_ROUTES.getOrgChart)
  async orgChart(
    @Param(new ZodValidationPipe(OrgParams, 'path')) { orgId }: OrgParams,
    @Query(new ZodValidationPipe(OrgChartQuery, 'query')) query: OrgChartQuery,
    @Caller() caller: Principal,
  ): Promise<OrgChart> {
    const { structure } = (await this.knownOrg(orgId)).state;
    const asOf = query.asOf ?? new Date();
    const visibility = await this.scope.visibility(caller, orgId);
    const people = orgAt(structure, asOf.getTime()).filter((person) => canSee(visibility, person.personId));
    return {
      orgId,
      asOf: asOf.toISOString(),
      headcount: people.length,
      layers: people.reduce((deepest, person) => Math.max(deepest, person.layer), 0),
      total: people.length,
      limit: query.limit,
      offset: query.offset,
      // A sealed name is decrypted to be sent: only the page's are.
      people: people.slice(query.offset, query.offset + query.limit).map(({ name, title, ...person }) => ({
        ...person,
        managerId: person.managerId !== null && canSee(visibility, person.managerId) ? person.managerId : null,
        // Scope is the subtree as of now: in a past chart, a visible person's directs then may be outside it.
        directs: person.directs.filter((direct) => canSee(visibility, direct)),
        ...this.personalData(orgId, person.personId, { name, title }),
      })),
    };
  }

  @Route(API_ROUTES.getPerson)
  async person(
    @Param(new ZodValidationPipe(PersonParams, 'path')) { orgId, personId }: PersonParams,
    @Query(new ZodValidationPipe(AsOfQuery, 'query')) query: AsOfQuery,
    @Caller() caller: Principal,
  ): Promise<PersonAt> {
    const { structure } = (await this.knownOrg(orgId)).state;
    const asOf = query.asOf ?? new Date();
    const at = asOf.getTime();
    const person = structure.people.get(personId);
    // Outside the caller's subtree reads exactly as a person who is not there.
    const visibility = await this.scope.visibility(caller, orgId);
    if (!stintAt(person, at) || !canSee(visibility, personId))
      throw ApiError.notFound(`person ${personId} is not active in org ${orgId} at ${asOf.toISOString()}`);
    return {
      personId,
      asOf: asOf.toISOString(),
      managerId: [managerAt(structure, personId, at)].find((manager) => manager !== null && canSee(visibility, manager)) ?? null,
      layer: layerAt(structure, personId, at),
      directs: directsAt(structure, personId, at).filter((direct) => canSee(visibility, direct)),
      managementChain: chainAt(structure, personId, at).filter((manager) => canSee(visibility, manager)),
      ...this.personalData(orgId, personId, person!),
    };
  }

  /** Names and titles are stored sealed: opened here, and left out once the person's key is destroyed. */
  private personalData(
    orgId: string,
    personId: string,
    fields: { name?: string | undefined; title?: string | undefined },
  ): { name?: string; title?: string } {
    const name = reveal(this.vault, orgId, personId, fields.name);
    const title = reveal(this.vault, orgId, personId, fields.title);
    return { ...(name === undefined ? {} : { name }), ...(title === undefined ? {} : { title }) };
  }

  private async knownOrg(orgId: string): Promise<OrgSnapshot> {
    const snapshot = await this.cache.current(orgId);
    if (snapshot.revision === -1) throw ApiError.notFound(`org ${orgId} has no events`);
    return snapshot;
  }
}
