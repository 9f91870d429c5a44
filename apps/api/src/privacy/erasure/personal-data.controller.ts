import { Controller, Param } from '@nestjs/common';
import { PersonParams } from '../../http/query.schemas.js';
import { ZodValidationPipe } from '../../http/zod-validation.pipe.js';
import { PersonalDataVault } from './personal-data-vault.js';
import { API_ROUTES } from '../../routes/api-routes.js';
import { Route } from '../../routes/route.js';

/**
 * Right to erasure by crypto-shredding: destroys the person's key, after
 * which their names, titles and free texts are unreadable everywhere they
 * were copied. The events stay, so the metrics still count the person under
 * their id. Idempotent: erasing twice, or someone without personal data, is 204.
 */
@Controller()
export class PersonalDataController {
  constructor(private readonly vault: PersonalDataVault) {}

  @Route(API_ROUTES.erasePersonalData)
  erase(@Param(new ZodValidationPipe(PersonParams, 'path')) { orgId, personId }: PersonParams): void {
    this.vault.destroy(orgId, personId);
  }
}
