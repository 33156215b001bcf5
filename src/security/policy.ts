import { RESPONSIBLE_AUTHORITY_TYPES } from '../domain/agency-types.js'
import type { Principal } from './principal.js'
import type { Permission } from './roles.js'

/** What the policy needs to know about one person's record and this principal's link to it. */
export interface PersonAccessFacts {
  areaCode: string
  restricted: boolean
  /** A named manager of the record, or named by its owners as allowed to open it. */
  named: boolean
  /** An unexpired grant obtained by stating a reason: break-glass (restricted) or cross-area. */
  grant: 'break_glass' | 'stated_reason' | null
  /** Shared with the principal's agency, unexpired and not revoked. */
  sharedWithAgency: boolean
}

export type AccessDecision =
  | { allowed: true; basis: 'area' | 'named' | 'grant' | 'share' }
  | { allowed: false; outcome: 'forbidden' | 'restricted' | 'reason_required'; message: string }

const forbidden = (message: string): AccessDecision => ({ allowed: false, outcome: 'forbidden', message })

export function isResponsibleAuthority(principal: Principal): boolean {
  return (RESPONSIBLE_AUTHORITY_TYPES as readonly string[]).includes(principal.membership.agencyType)
}

/** Default deny: a permission the principal's roles (or key scopes) do not hold is refused. */
export function mayDo(principal: Principal | undefined, permission: Permission): boolean {
  return principal?.permissions.has(permission) ?? false
}

/**
 * May this principal do `permission` to this person's record? Restricted records come first
 * (only named people, or break-glass); then responsible-authority staff work in their areas
 * (elsewhere with a stated reason, CJA 2003 s.325); duty-to-co-operate agencies (s.325(3)) see
 * only the cases shared with them.
 */
export function decidePersonAccess(
  principal: Principal,
  permission: Permission,
  facts: PersonAccessFacts,
): AccessDecision {
  if (!mayDo(principal, permission)) return forbidden('Your role does not allow this.')
  if (facts.restricted) {
    if (facts.named) return { allowed: true, basis: 'named' }
    if (facts.grant === 'break_glass') return { allowed: true, basis: 'grant' }
    return {
      allowed: false,
      outcome: 'restricted',
      message: 'This record is restricted to named people.',
    }
  }
  if (isResponsibleAuthority(principal)) {
    if (principal.membership.areaCodes.includes(facts.areaCode)) return { allowed: true, basis: 'area' }
    if (facts.named) return { allowed: true, basis: 'named' }
    if (facts.grant) return { allowed: true, basis: 'grant' }
    if (principal.kind === 'api_key') return forbidden('This record belongs to another area.')
    return {
      allowed: false,
      outcome: 'reason_required',
      message: 'This record belongs to another area. Give a reason to open it.',
    }
  }
  if (facts.sharedWithAgency) return { allowed: true, basis: 'share' }
  return forbidden('This case has not been shared with your agency.')
}

/** Break-glass is for people (not systems) whose roles allow it. */
export function mayBreakGlass(principal: Principal): boolean {
  return principal.kind === 'user' && mayDo(principal, 'person:break_glass')
}

/** New records are created only in an area the principal works in. */
export function mayCreatePersonIn(principal: Principal, areaCode: string): boolean {
  return mayDo(principal, 'person:create') && principal.membership.areaCodes.includes(areaCode)
}

/** What the policy needs to know about one meeting and the principal's agency's invitation. */
export interface MeetingAccessFacts {
  areaCode: string
  /** When the principal's agency's invitation ends; null when not invited (or revoked). */
  invitedUntil: Date | null
}

export type MeetingAccessDecision =
  { allowed: true; basis: 'area' | 'invitation' } | { allowed: false; message: string }

/**
 * May this principal see a meeting (its agenda and, case by case, its packs)? Responsible-
 * authority staff see their areas' meetings; an invited agency's representatives see the
 * meeting, for the cases on its agenda only, until the invitation ends (CJA 2003 s.325(3)-(4):
 * co-operation is case by case, and it gives no access to the rest of the record).
 */
export function decideMeetingAccess(
  principal: Principal,
  permission: Permission,
  facts: MeetingAccessFacts,
  now: Date,
): MeetingAccessDecision {
  if (!mayDo(principal, permission)) return { allowed: false, message: 'Your role does not allow this.' }
  if (isResponsibleAuthority(principal) && principal.membership.areaCodes.includes(facts.areaCode))
    return { allowed: true, basis: 'area' }
  if (facts.invitedUntil && facts.invitedUntil > now) return { allowed: true, basis: 'invitation' }
  if (facts.invitedUntil)
    return { allowed: false, message: 'Your agency’s access to this meeting has ended.' }
  return { allowed: false, message: 'Your agency has not been invited to this meeting.' }
}
