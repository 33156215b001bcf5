import type { AgencyType } from '../domain/agency-types.js'
import type { Permission, Role } from './roles.js'

/** The agency, areas and roles a user (or an API key) acts in for this request. */
export interface ActingMembership {
  id: string
  agencyId: string
  agencyCode: string
  agencyName: string
  agencyType: AgencyType
  areaCodes: string[]
  roles: Role[]
}

export type Principal =
  | {
      kind: 'user'
      userId: string
      displayName: string
      membership: ActingMembership
      /** How many organisations the user may act for (the switcher shows when more than one). */
      membershipCount: number
      permissions: Set<Permission>
    }
  | {
      kind: 'api_key'
      apiKeyId: string
      displayName: string
      membership: ActingMembership
      permissions: Set<Permission>
    }

export function actorIds(principal: Principal | undefined) {
  return {
    actorUserId: principal?.kind === 'user' ? principal.userId : null,
    actorApiKeyId: principal?.kind === 'api_key' ? principal.apiKeyId : null,
    membershipId: principal?.kind === 'user' ? principal.membership.id : null,
  }
}
