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

/** What the policy needs to know about one meeting action (the action ledger). */
export interface ActionAccessFacts {
  /** The area of the meeting that set the action. */
  areaCode: string
  ownerUserId: string | null
  ownerAgencyId: string
}

export type ActionAccessDecision =
  { allowed: true; basis: 'owner' | 'agency' | 'coordinator' | 'area' } | { allowed: false; message: string }

/**
 * May this principal see (`meeting:view`) or update (`action:update`) a meeting action? The
 * owner and anyone of the owner agency may do both: the agency answers for its actions when a
 * person is away (MAPPA Guidance ch.13, actions owned by person and agency). The area's MAPPA
 * co-ordinator chases and closes actions too. Responsible-authority staff of the area see the
 * area's actions; other agencies see only their own (CJA 2003 s.325(3): case by case).
 */
export function decideActionAccess(
  principal: Principal,
  permission: 'meeting:view' | 'action:update',
  facts: ActionAccessFacts,
): ActionAccessDecision {
  if (!mayDo(principal, permission)) return { allowed: false, message: 'Your role does not allow this.' }
  if (principal.kind === 'user' && facts.ownerUserId === principal.userId)
    return { allowed: true, basis: 'owner' }
  if (principal.membership.agencyId === facts.ownerAgencyId) return { allowed: true, basis: 'agency' }
  const inArea = principal.membership.areaCodes.includes(facts.areaCode)
  if (inArea && principal.membership.roles.includes('mappa_coordinator'))
    return { allowed: true, basis: 'coordinator' }
  if (permission === 'meeting:view' && inArea && isResponsibleAuthority(principal))
    return { allowed: true, basis: 'area' }
  return {
    allowed: false,
    message:
      permission === 'action:update'
        ? 'Only the owner, the owner’s agency or the area’s MAPPA co-ordinator may update this action.'
        : 'This action is owned by another agency.',
  }
}

export type QualityAccessDecision =
  { allowed: true; identities: boolean } | { allowed: false; message: string }

/**
 * May this principal see the quality audit (MAPPA L) of an area, and with whose names? Oversight
 * roles (quality:view: SMB members, lay advisers) see their own area's figures and never a
 * person's identity: lay advisers are members of the public (CJA 2003 s.326(3); MAPPA Guidance
 * ch.13). Responsible-authority staff who see the area's meetings see the audit with names.
 */
export function decideQualityAccess(principal: Principal, areaCode: string): QualityAccessDecision {
  const areaStaff = isResponsibleAuthority(principal) && mayDo(principal, 'meeting:view')
  if (!mayDo(principal, 'quality:view') && !areaStaff)
    return { allowed: false, message: 'Your role does not allow this.' }
  if (!principal.membership.areaCodes.includes(areaCode))
    return { allowed: false, message: 'The quality audit of another area is not available to you.' }
  return { allowed: true, identities: areaStaff && !principal.membership.roles.includes('lay_adviser') }
}

/** What the victim compartment policy needs about one person's record and this principal. */
export interface VictimAccessFacts {
  areaCode: string
  restricted: boolean
  /** Named in the record's managers (person_managers): the case's lead managers. */
  leadManager: boolean
  /** Named by a restricted record's owners as allowed to open it. */
  named: boolean
}

export type VictimAccessDecision =
  { level: 'full'; basis: 'victim_liaison' | 'lead_manager' } | { level: 'redacted'; message: string }

/**
 * How much of a person's victims this principal sees, once it may open the person's record.
 * Victims' identities, contact details, preferences, views and the places their requests
 * concern are a restricted compartment (DVCVA 2004 ss.35-45 and the Victims' Code: the VLO
 * carries the victim's views and keeps their details): only victim liaison officers of the
 * record's area (named, if the record is restricted) and the case's lead managers see them.
 * Everyone else who may see the record — other staff, co-ordinators and chairs not named on it,
 * agencies it is shared with — sees only that victims exist, their Victim Contact Scheme status
 * and the conditions protecting them as worded in the licence or order.
 */
export function decideVictimAccess(principal: Principal, facts: VictimAccessFacts): VictimAccessDecision {
  const redacted = (message: string): VictimAccessDecision => ({ level: 'redacted', message })
  if (!mayDo(principal, 'victim:view'))
    return redacted('Your role shows that victims exist, not who they are.')
  if (facts.leadManager) return { level: 'full', basis: 'lead_manager' }
  const liaison =
    mayDo(principal, 'victim:manage') &&
    isResponsibleAuthority(principal) &&
    principal.membership.areaCodes.includes(facts.areaCode) &&
    (!facts.restricted || facts.named)
  if (liaison) return { level: 'full', basis: 'victim_liaison' }
  return redacted(
    'Only victim liaison officers of the area and the case’s named managers see victims’ details.',
  )
}

/** What the policy needs to know about one disclosure scheme application. */
export interface ApplicationAccessFacts {
  /** The police force area it was made to (null only if none was given). */
  areaCode: string | null
  /** The police force working it, once one has it. */
  policeAgencyId: string | null
}

export type ApplicationAccessDecision = { allowed: true } | { allowed: false; message: string }

/** May this principal work disclosure scheme applications at all (lists, dashboard, new ones)? */
export function mayWorkApplications(principal: Principal): ApplicationAccessDecision {
  if (!mayDo(principal, 'application:process'))
    return { allowed: false, message: 'Your role does not allow this.' }
  if (principal.membership.agencyType !== 'police')
    return { allowed: false, message: 'Only the police work disclosure scheme applications.' }
  return { allowed: true }
}

/**
 * May this principal work a disclosure scheme application (and see what the applicant told us)?
 * Only the police run the schemes (DVDS statutory guidance; CSODS guidance), so only police
 * users and systems of the force area it was made to; once a force has it, only that force.
 */
export function decideApplicationAccess(
  principal: Principal,
  facts: ApplicationAccessFacts,
): ApplicationAccessDecision {
  if (!mayDo(principal, 'application:process'))
    return { allowed: false, message: 'Your role does not allow this.' }
  if (principal.membership.agencyType !== 'police')
    return { allowed: false, message: 'Only the police work disclosure scheme applications.' }
  if (!facts.areaCode || !principal.membership.areaCodes.includes(facts.areaCode))
    return { allowed: false, message: 'This application was made to another police force area.' }
  if (facts.policeAgencyId && facts.policeAgencyId !== principal.membership.agencyId)
    return { allowed: false, message: 'Another police force is working this application.' }
  return { allowed: true }
}
