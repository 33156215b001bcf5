import type { Config } from '../../config.js'
import type { Database } from '../../db/connection.js'
import { usersByIds } from '../../security/accounts.js'
import {
  type AccessDecision,
  decidePersonAccess,
  isResponsibleAuthority,
  mayBreakGlass,
  mayCreatePersonIn,
  mayDo,
} from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import type { Permission } from '../../security/roles.js'
import * as queries from './queries.js'

/** SQL conditions other features' queries use to scope cases the same way as the people list. */
export { managedByUser, sharedWithAgency } from './queries.js'
import type { PersonRecord } from './queries.js'
import type { PersonInput } from './schema.js'

export type FieldProblem = { path: string; message: string }

export type Access =
  | { kind: 'ok'; person: PersonRecord }
  | { kind: 'not_found' }
  | {
      kind: 'denied'
      /** The record the decision is about: the one kept, when the id asked for was merged into it. */
      personId: string
      decision: Extract<AccessDecision, { allowed: false }>
      /** Whom to ask, for a restricted record. */
      owners: { displayName: string; email: string | null }[]
      mayStateReason: boolean
    }

/**
 * Loads a person's record if this principal may do `permission` to it, or says why not. A record
 * merged into another stands for the one kept, so its pages and API show (and change) that
 * record; `followMerge: false` gives the merged record itself (for undoing the merge).
 */
export async function personFor(
  db: Database,
  principal: Principal,
  id: string,
  permission: Permission = 'person:view',
  options: { followMerge?: boolean } = {},
): Promise<Access> {
  let person = await queries.findPerson(db, id)
  if (person?.mergedIntoId && options.followMerge !== false) {
    person = await queries.findPerson(db, person.mergedIntoId)
  }
  if (!person) return { kind: 'not_found' }
  const facts = await queries.accessFacts(
    db,
    person,
    principal.kind === 'user' ? principal.userId : null,
    principal.membership.agencyId,
  )
  const decision = decidePersonAccess(principal, permission, facts)
  if (decision.allowed) return { kind: 'ok', person }
  const owners =
    decision.outcome === 'restricted' ? await usersByIds(db, await queries.namedUserIds(db, person.id)) : []
  const mayStateReason =
    decision.outcome === 'reason_required' || (decision.outcome === 'restricted' && mayBreakGlass(principal))
  return { kind: 'denied', personId: person.id, decision, owners, mayStateReason }
}

/** The lead agency code must name a responsible-authority agency of the person's area. */
async function resolveLeadAgency(
  db: Database,
  code: string | null | undefined,
  areaCode: string,
): Promise<{ id: string | null } | FieldProblem> {
  if (!code) return { id: null }
  const options = await queries.leadAgencyOptions(db, [areaCode])
  if (!options.some((o) => o.code === code)) {
    return { path: 'leadAgency', message: 'Select a police, probation or prison agency of the person’s area' }
  }
  return { id: (await queries.agencyIdByCode(db, code)) ?? null }
}

async function checkManagers(
  db: Database,
  managers: PersonInput['managers'] | undefined,
  areaCode: string,
): Promise<FieldProblem | undefined> {
  if (!managers?.length) return undefined
  const allowed = new Set((await queries.managerOptions(db, [areaCode])).map((m) => m.userId))
  const wrong = managers.findIndex((m) => !allowed.has(m.userId))
  return wrong >= 0
    ? {
        path: `managers.${wrong}.userId`,
        message: 'Select an offender manager who works in the person’s area',
      }
    : undefined
}

export type CreateResult = { kind: 'created'; id: string } | { kind: 'invalid'; problems: FieldProblem[] }

export async function createPerson(
  db: Database,
  principal: Principal,
  input: PersonInput,
): Promise<CreateResult> {
  if (!mayCreatePersonIn(principal, input.area)) {
    return { kind: 'invalid', problems: [{ path: 'area', message: 'Select an area you work in' }] }
  }
  if (input.restricted && !mayDo(principal, 'person:restrict')) {
    return {
      kind: 'invalid',
      problems: [{ path: 'restricted', message: 'Your role cannot restrict a record' }],
    }
  }
  const lead = await resolveLeadAgency(db, input.leadAgency, input.area)
  const managerProblem = await checkManagers(db, input.managers, input.area)
  const problems = ['path' in lead ? lead : undefined, managerProblem].filter((p): p is FieldProblem => !!p)
  if (problems.length || 'path' in lead) return { kind: 'invalid', problems }
  const { aliases, managers, leadAgency: _code, area, ...values } = input
  const id = await queries.insertPerson(
    db,
    { ...values, areaCode: area, leadAgencyId: lead.id },
    aliases,
    managers,
    principal.kind === 'user' ? principal.userId : null,
  )
  return { kind: 'created', id }
}

export type UpdateResult =
  | { kind: 'updated' }
  | { kind: 'stale'; current: PersonRecord }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | Exclude<Access, { kind: 'ok' }>

export async function updatePerson(
  db: Database,
  principal: Principal,
  id: string,
  changes: Partial<PersonInput> & { version: number },
): Promise<UpdateResult> {
  const access = await personFor(db, principal, id, 'person:edit')
  if (access.kind !== 'ok') return access
  const { person } = access
  if (changes.version !== person.version) return { kind: 'stale', current: person }
  const areaCode = changes.area ?? person.areaCode
  if (
    changes.area !== undefined &&
    changes.area !== person.areaCode &&
    !mayCreatePersonIn(principal, areaCode)
  ) {
    return { kind: 'invalid', problems: [{ path: 'area', message: 'Select an area you work in' }] }
  }
  if (
    changes.restricted !== undefined &&
    changes.restricted !== person.restricted &&
    !mayDo(principal, 'person:restrict')
  ) {
    return {
      kind: 'invalid',
      problems: [{ path: 'restricted', message: 'Your role cannot change whether a record is restricted' }],
    }
  }
  const leadCode = changes.leadAgency === undefined ? person.leadAgencyCode : changes.leadAgency
  const lead = await resolveLeadAgency(db, leadCode, areaCode)
  const managerProblem = await checkManagers(db, changes.managers, areaCode)
  const problems = ['path' in lead ? lead : undefined, managerProblem].filter((p): p is FieldProblem => !!p)
  if (problems.length || 'path' in lead) return { kind: 'invalid', problems }
  const { aliases, managers, leadAgency: _code, area: _area, version, ...values } = changes
  const saved = await queries.updatePersonIfCurrent(
    db,
    person.id,
    version,
    { ...values, areaCode, leadAgencyId: lead.id },
    aliases,
    managers,
  )
  if (!saved) return { kind: 'stale', current: (await queries.findPerson(db, person.id))! }
  return { kind: 'updated' }
}

export async function listPeople(db: Database, principal: Principal, options: { q?: string; page: number }) {
  const userId = principal.kind === 'user' ? principal.userId : undefined
  const scope: queries.ListScope = isResponsibleAuthority(principal)
    ? { areaCodes: principal.membership.areaCodes, userId }
    : { sharedWithAgencyId: principal.membership.agencyId, userId }
  return queries.listPeople(db, scope, { ...options, pageSize: PAGE_SIZE })
}

export const PAGE_SIZE = 25

/**
 * Opens a record the principal may not open by role and area alone, on a stated reason:
 * break-glass for a restricted record (its owners are alerted), or cross-area access.
 */
export async function accessWithReason(
  db: Database,
  config: Config,
  principal: Principal,
  id: string,
  reason: string,
): Promise<{ kind: 'granted'; reasonId: string } | { kind: 'not_allowed' } | { kind: 'not_found' }> {
  const access = await personFor(db, principal, id)
  if (access.kind === 'not_found') return access
  if (access.kind !== 'denied' || !access.mayStateReason || principal.kind !== 'user')
    return { kind: 'not_allowed' }
  const breakGlass = access.decision.outcome === 'restricted'
  const reasonId = await queries.grantAccessWithReason(
    db,
    {
      personId: access.personId,
      userId: principal.userId,
      kind: breakGlass ? 'break_glass' : 'stated_reason',
      reason,
      expiresAt: new Date(Date.now() + config.breakGlassHours * 3_600_000),
    },
    breakGlass ? await queries.namedUserIds(db, access.personId) : [],
  )
  return { kind: 'granted', reasonId }
}

export const formOptions = (db: Database, principal: Principal) =>
  Promise.all([
    queries.leadAgencyOptions(db, principal.membership.areaCodes),
    queries.managerOptions(db, principal.membership.areaCodes),
  ]).then(([agencies, managers]) => ({ agencies, managers }))
