import type { AccessRule } from './access.js';
import { isOperator, type Principal } from './principal.js';

export type AccessDecision = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

/**
 * The guard's decision, pure: default deny. A route without a rule is
 * refused; another org's path answers the same 403 whether that org exists
 * or not, so a refusal tells nothing about other tenants.
 */
export function decideAccess(
  rule: AccessRule | undefined,
  principal: Principal | undefined,
  pathOrgId: string | undefined,
): AccessDecision {
  if (!rule) return { allowed: false, status: 403, message: 'this route declares no access rule' };
  if ('public' in rule) return { allowed: true };
  if (!principal)
    return {
      allowed: false,
      status: 401,
      message: 'send credentials: Authorization: Bearer <API key or JWT>, or sign in (POST /v1/session)',
    };
  if (rule.operatorOnly && !isOperator(principal))
    return { allowed: false, status: 403, message: "only the operator's admin key may do this" };
  if (!isOperator(principal) && pathOrgId !== undefined && pathOrgId !== principal.orgId) {
    return { allowed: false, status: 403, message: `no access to org ${pathOrgId}` };
  }
  if (!rule.roles.includes(principal.role)) return { allowed: false, status: 403, message: `the ${principal.role} role may not do this` };
  return { allowed: true };
}
