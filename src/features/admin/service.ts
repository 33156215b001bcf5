import { AGENCY_TYPE_LABELS, isAgencyType } from '../../domain/agency-types.js'
import { areaByCode } from '../../domain/areas.js'
import type { Database } from '../../db/connection.js'
import { areaNames } from '../../security/accounts.js'
import { hashPassword } from '../../security/passwords.js'
import type { Principal } from '../../security/principal.js'
import { isRole, ROLE_LABELS } from '../../security/roles.js'
import type { AgencyInput, FieldProblem, MembershipInput, NewUserInput } from './form.js'
import * as queries from './queries.js'
import type { AccountRow, MembershipRow } from './queries.js'

export interface MembershipView {
  id: string
  agencyName: string
  areas: string
  roles: string
  /** "Agency – areas – roles", as the users list shows it. */
  summary: string
}

export interface UserView extends AccountRow {
  memberships: MembershipView[]
}

const USERNAME_TAKEN = 'That username is already in use – choose a different one'
const AGENCY_CODE_TAKEN = 'An agency with that code already exists – choose a different code'
const UNKNOWN_AGENCY = 'Select an agency from the list'

function membershipView(m: MembershipRow): MembershipView {
  const areas = areaNames(m.areaCodes)
  const roles = m.roles.map((r) => (isRole(r) ? ROLE_LABELS[r] : r)).join(', ')
  return {
    id: m.id,
    agencyName: m.agencyName,
    areas,
    roles,
    summary: `${m.agencyName} – ${areas} – ${roles}`,
  }
}

export async function listUsers(db: Database): Promise<UserView[]> {
  const [accounts, memberships] = await Promise.all([
    queries.listAccounts(db),
    queries.membershipsOfUsers(db),
  ])
  return accounts.map((account) => ({
    ...account,
    memberships: memberships.filter((m) => m.userId === account.id).map(membershipView),
  }))
}

export async function findUser(db: Database, id: string): Promise<UserView | undefined> {
  const account = await queries.findAccount(db, id)
  if (!account) return undefined
  const memberships = await queries.membershipsOfUsers(db, [id])
  return { ...account, memberships: memberships.map(membershipView) }
}

/** Agencies for the membership choice, with their area's name. */
export async function agencyOptions(db: Database) {
  const rows = await queries.listAgencies(db)
  return rows.map((a) => ({
    code: a.code,
    name: a.name,
    areaName: areaByCode(a.areaCode)?.name ?? a.areaCode,
  }))
}

/** The agency chosen and the areas the membership works in: those ticked, or the agency's own. */
async function resolveMembership(
  db: Database,
  input: MembershipInput,
): Promise<{ agencyId: string; areaCodes: string[]; roles: string[] } | FieldProblem> {
  const agency = await queries.findAgencyByCode(db, input.agency)
  if (!agency) return { path: 'agency', message: UNKNOWN_AGENCY }
  const areaCodes = input.areas.length ? [...new Set(input.areas)] : [agency.areaCode]
  return { agencyId: agency.id, areaCodes, roles: [...new Set(input.roles)] }
}

export type CreateResult = { kind: 'created'; id: string } | { kind: 'invalid'; problems: FieldProblem[] }

/** A new account is never a demo account: its user sets up the authenticator at first sign-in. */
export async function createUser(db: Database, input: NewUserInput): Promise<CreateResult> {
  const [taken, membership] = await Promise.all([
    queries.usernameTaken(db, input.username),
    resolveMembership(db, input),
  ])
  const problems: FieldProblem[] = []
  if (taken) problems.push({ path: 'username', message: USERNAME_TAKEN })
  if ('path' in membership) problems.push(membership)
  if (problems.length || 'path' in membership) return { kind: 'invalid', problems }
  const passwordHash = await hashPassword(input.password)
  try {
    const id = await queries.insertUser(
      db,
      { username: input.username, displayName: input.displayName, email: input.email, passwordHash },
      membership,
    )
    return { kind: 'created', id }
  } catch (error) {
    // Another administrator took the username between the check and the insert.
    if (queries.isUniqueViolation(error)) {
      return { kind: 'invalid', problems: [{ path: 'username', message: USERNAME_TAKEN }] }
    }
    throw error
  }
}

export type ChangeResult =
  { kind: 'done' } | { kind: 'not_found' } | { kind: 'invalid'; problems: FieldProblem[] }

export async function addMembership(
  db: Database,
  userId: string,
  input: MembershipInput,
): Promise<ChangeResult> {
  if (!(await queries.findAccount(db, userId))) return { kind: 'not_found' }
  const membership = await resolveMembership(db, input)
  if ('path' in membership) return { kind: 'invalid', problems: [membership] }
  await queries.insertMembership(db, { ...membership, userId })
  return { kind: 'done' }
}

export async function removeMembership(
  db: Database,
  principal: Principal,
  userId: string,
  membershipId: string,
): Promise<ChangeResult> {
  if (principal.kind === 'user' && principal.membership.id === membershipId) {
    return {
      kind: 'invalid',
      problems: [{ path: 'memberships', message: 'You cannot remove the membership you are signed in with' }],
    }
  }
  return (await queries.deleteMembership(db, userId, membershipId)) ? { kind: 'done' } : { kind: 'not_found' }
}

/** Disabled accounts cannot sign in, and their open sessions stop working at the next request. */
export async function setDisabled(
  db: Database,
  principal: Principal,
  userId: string,
  disabled: boolean,
): Promise<ChangeResult> {
  const account = await queries.findAccount(db, userId)
  if (!account) return { kind: 'not_found' }
  if (disabled && principal.kind === 'user' && principal.userId === userId) {
    return { kind: 'invalid', problems: [{ path: 'status', message: 'You cannot disable your own account' }] }
  }
  if (disabled !== (account.disabledAt !== null)) {
    await queries.setDisabledAt(db, userId, disabled ? new Date() : null)
  }
  return { kind: 'done' }
}

/** The user sets up their authenticator app again at their next sign-in. */
export async function resetSecondFactor(db: Database, userId: string): Promise<ChangeResult> {
  if (!(await queries.findAccount(db, userId))) return { kind: 'not_found' }
  await queries.clearSecondFactor(db, userId)
  return { kind: 'done' }
}

export async function listAgencies(db: Database) {
  const rows = await queries.listAgencies(db)
  return rows.map((a) => ({
    id: a.id,
    code: a.code,
    name: a.name,
    typeLabel: isAgencyType(a.type) ? AGENCY_TYPE_LABELS[a.type] : a.type,
    areaName: areaByCode(a.areaCode)?.name ?? a.areaCode,
  }))
}

export async function createAgency(db: Database, input: AgencyInput): Promise<CreateResult> {
  if (await queries.findAgencyByCode(db, input.code)) {
    return { kind: 'invalid', problems: [{ path: 'code', message: AGENCY_CODE_TAKEN }] }
  }
  try {
    const id = await queries.insertAgency(db, {
      code: input.code,
      type: input.type,
      areaCode: input.area,
      name: input.name,
    })
    return { kind: 'created', id }
  } catch (error) {
    if (queries.isUniqueViolation(error)) {
      return { kind: 'invalid', problems: [{ path: 'code', message: AGENCY_CODE_TAKEN }] }
    }
    throw error
  }
}
