import type { Database } from '../../db/connection.js'
import {
  checkDeregistration,
  type DeregistrationCheck,
  type DueItem,
  type EligibilityResult,
  type IsoDate,
  type MappaLevel,
} from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import type { Principal } from '../../security/principal.js'
import { assessPerson } from '../convictions/service.js'
import { recordIdsOf } from '../merges/service.js'
import type { PersonRecord } from '../people/queries.js'
import { recordSignificantEvent } from '../significant-events/service.js'
import { recordTimeline } from '../timeline/service.js'
import { levelReviewDue } from './level-review.js'
import * as queries from './queries.js'
import type { RegistrationRecord } from './queries.js'
import { CATEGORY_3_LEVEL, type ChangeInput, type DeregisterInput, type RegisterInput } from './schema.js'

export type FieldProblem = { path: string; message: string }
export type { RegistrationRecord }

export const CATEGORY_LABELS: Record<number, string> = {
  1: 'Category 1: registered sexual offender',
  2: 'Category 2: violent or other sexual offender',
  3: 'Category 3: other dangerous offender',
  4: 'Category 4: terrorist or terrorism-risk offender',
}
export const LEVEL_LABELS: Record<number, string> = {
  1: 'Level 1: ordinary agency management',
  2: 'Level 2: active multi-agency management',
  3: 'Level 3: active multi-agency management with senior oversight',
}
export const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  deregistration_due: 'De-registration due',
  deregistered: 'De-registered',
}

const actor = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)
const inForce = (r: RegistrationRecord) => queries.IN_FORCE.includes(r.status)

export interface RegistrationSummary {
  registrations: RegistrationRecord[]
  current: RegistrationRecord | undefined
  /** The category the rules suggest from the recorded convictions, with the reasons. */
  suggestion: EligibilityResult
  /** Whether the basis of the registration in force has ended (never acted on automatically). */
  deregistration: DeregistrationCheck | null
  levelReview: DueItem | null
}

/** The date the current level was set or last reviewed at a meeting, or registration. */
export function levelSetOn(registration: RegistrationRecord): IsoDate {
  const change = registration.changes.find((c) => c.kind === 'level_changed' || c.kind === 'level_reviewed')
  return change ? londonDateOf(change.at.toISOString()) : registration.registeredOn
}

/** A person's registrations (with those of records merged into theirs) and what the rules say. */
export async function registrationSummary(
  db: Database,
  person: PersonRecord,
  today: IsoDate,
): Promise<RegistrationSummary> {
  const registrations = await queries.registrationsOf(db, await recordIdsOf(db, person.id))
  const current = registrations.find(inForce)
  const assessment = await assessPerson(db, person, today)
  const category = current?.category as 1 | 2 | 3 | 4 | undefined
  return {
    registrations,
    current,
    suggestion: assessment.result,
    deregistration: current
      ? checkDeregistration(
          { subjectId: person.id, category: category!, registeredOn: current.registeredOn },
          assessment.decision,
          today,
        )
      : null,
    levelReview: current
      ? (
          await levelReviewDue(
            db,
            { personId: person.id, level: current.level as MappaLevel, lastReviewDate: levelSetOn(current) },
            today,
          )
        ).due
      : null,
  }
}

/** Lead agency and named manager choices: the responsible authority of the person's area. */
export async function formOptions(db: Database, areaCode: string) {
  const [agencies, police, probation] = await Promise.all([
    queries.leadAgencyOptions(db, areaCode),
    queries.managerOptions(db, areaCode, 'police'),
    queries.managerOptions(db, areaCode, 'probation'),
  ])
  return { agencies, police, probation }
}

/** Lead agency and managers checked against the person's area; the agency's id when valid. */
async function checkManagement(
  db: Database,
  areaCode: string,
  input: {
    leadAgency?: string | undefined
    policeManager?: string | null | undefined
    probationManager?: string | null | undefined
  },
): Promise<{ problems: FieldProblem[]; leadAgency?: { id: string; name: string } }> {
  const options = await formOptions(db, areaCode)
  const problems: FieldProblem[] = []
  const lead = input.leadAgency ? options.agencies.find((a) => a.code === input.leadAgency) : undefined
  if (input.leadAgency !== undefined && !lead)
    problems.push({
      path: 'leadAgency',
      message: 'Select a police, probation or prison agency of the person’s area',
    })
  if (input.policeManager && !options.police.some((m) => m.userId === input.policeManager))
    problems.push({
      path: 'policeManager',
      message: 'Select a police offender manager who works in the person’s area',
    })
  if (input.probationManager && !options.probation.some((m) => m.userId === input.probationManager))
    problems.push({
      path: 'probationManager',
      message: 'Select a probation practitioner who works in the person’s area',
    })
  return lead ? { problems, leadAgency: { id: lead.id, name: lead.name } } : { problems }
}

/** Sets, removes (null) or leaves (undefined) each kind of named manager, and says what changed. */
async function applyManagers(
  tx: queries.Transaction,
  personId: string,
  input: { policeManager?: string | null | undefined; probationManager?: string | null | undefined },
) {
  const before = await queries.managersOf(tx, personId)
  const wanted = (['police', 'probation'] as const).flatMap((kind) => {
    const given = kind === 'police' ? input.policeManager : input.probationManager
    const userId = given === undefined ? before.find((m) => m.kind === kind)?.userId : given
    return userId ? [{ userId, kind }] : []
  })
  await queries.replaceManagers(tx, personId, wanted)
  const after = await queries.managersOf(tx, personId)
  const describe = (rows: typeof before) =>
    rows
      .filter((m) => m.kind === 'police' || m.kind === 'probation')
      .map((m) => `${m.displayName} (${m.kind})`)
      .join(', ') || 'None'
  return { from: describe(before), to: describe(after) }
}

export type RegisterResult =
  | { kind: 'registered'; id: string }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'conflict'; message: string }

/**
 * Registers a person under MAPPA. The person registering confirms the category: choosing one
 * other than the rules suggest (or Category 3 or 4, which are never computed) needs a rationale.
 */
export async function register(
  db: Database,
  principal: Principal,
  person: PersonRecord,
  input: RegisterInput,
  today: IsoDate,
): Promise<RegisterResult> {
  const { result } = await assessPerson(db, person, today)
  const problems: FieldProblem[] = []
  if (input.category <= 2 && input.category !== result.category && !input.categoryRationale)
    problems.push({
      path: 'categoryRationale',
      message: result.category
        ? `Enter why the category differs from the one the rules suggest (Category ${result.category})`
        : `Enter why the person is Category ${input.category}: the rules find no Category ${input.category} basis in the recorded convictions`,
    })
  if (input.registeredOn && input.registeredOn > today)
    problems.push({ path: 'registeredOn', message: 'Registration date must be today or in the past' })
  const management = await checkManagement(db, person.areaCode, input)
  problems.push(...management.problems)
  if (problems.length) return { kind: 'invalid', problems }
  const ids = await recordIdsOf(db, person.id)
  return db.transaction(async (tx): Promise<RegisterResult> => {
    await queries.lockPerson(tx, person.id)
    if (await queries.inForceRegistration(tx, ids))
      return { kind: 'conflict', message: 'This person already has a MAPPA registration in force' }
    const registration = await queries.insertRegistration(tx, {
      personId: person.id,
      category: input.category,
      categoryRationale: input.categoryRationale,
      level: input.level,
      levelRationale: input.levelRationale,
      leadAgencyId: management.leadAgency!.id,
      registeredOn: input.registeredOn ?? today,
      registeredBy: actor(principal),
    })
    const toValue = `Category ${input.category}, Level ${input.level}`
    await queries.insertChanges(tx, [
      {
        registrationId: registration.id,
        kind: 'registered',
        toValue,
        rationale: [input.categoryRationale, input.levelRationale].filter(Boolean).join('\n'),
        by: actor(principal),
      },
    ])
    await queries.setPersonLeadAgency(tx, person.id, management.leadAgency!.id)
    await applyManagers(tx, person.id, input)
    await recordTimeline(tx, principal, {
      personId: person.id,
      kind: 'registration.registered',
      title: `Registered under MAPPA: ${toValue}`,
      detail: input.levelRationale,
      recordType: 'registration',
      recordId: registration.id,
    })
    return { kind: 'registered', id: registration.id }
  })
}

export type ChangeResult =
  | { kind: 'changed' }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'stale'; current: RegistrationRecord }
  | { kind: 'conflict'; message: string }
  | { kind: 'not_found' }

async function registrationOf(db: Database, person: PersonRecord, registrationId: string) {
  const all = await queries.registrationsOf(db, await recordIdsOf(db, person.id))
  return all.find((r) => r.id === registrationId)
}

const ENDED = 'This registration has ended; register the person again instead'

/** Level, category, lead agency and named managers change with reasons, and the history keeps each. */
export async function changeRegistration(
  db: Database,
  principal: Principal,
  person: PersonRecord,
  registrationId: string,
  input: ChangeInput,
): Promise<ChangeResult> {
  const current = await registrationOf(db, person, registrationId)
  if (!current) return { kind: 'not_found' }
  if (!inForce(current)) return { kind: 'conflict', message: ENDED }
  if (input.version !== current.version) return { kind: 'stale', current }
  const category = input.category ?? current.category
  const level = input.level ?? current.level
  const management = await checkManagement(db, person.areaCode, input)
  const problems = [...management.problems]
  if (category === 3 && level === 1)
    problems.push({ path: input.level !== undefined ? 'level' : 'category', message: CATEGORY_3_LEVEL })
  if (problems.length) return { kind: 'invalid', problems }

  const by = actor(principal)
  const base = { personId: person.id, recordType: 'registration', recordId: current.id }
  const changed = await db.transaction(async (tx) => {
    const saved = await queries.updateRegistrationIfCurrent(tx, current.id, input.version, {
      category,
      level,
      ...(input.category !== undefined ? { categoryRationale: input.categoryRationale } : {}),
      ...(input.level !== undefined ? { levelRationale: input.levelRationale } : {}),
      ...(management.leadAgency ? { leadAgencyId: management.leadAgency.id } : {}),
    })
    if (!saved) return false
    if (input.level !== undefined && input.level !== current.level) {
      await queries.insertChanges(tx, [
        {
          registrationId: current.id,
          kind: 'level_changed',
          fromValue: String(current.level),
          toValue: String(input.level),
          rationale: input.levelRationale,
          by,
        },
      ])
      await recordTimeline(tx, principal, {
        ...base,
        kind: 'registration.level_changed',
        title: `MAPPA level changed from Level ${current.level} to Level ${input.level}`,
        detail: input.levelRationale,
      })
      await recordSignificantEvent(tx, {
        personId: person.id,
        kind: 'level_changed',
        occurredOn: londonDateOf(new Date().toISOString()),
        summary: `MAPPA level changed from Level ${current.level} to Level ${input.level}`,
        source: { type: 'registration', id: current.id },
        createdBy: by,
      })
    }
    if (input.category !== undefined && input.category !== current.category) {
      await queries.insertChanges(tx, [
        {
          registrationId: current.id,
          kind: 'category_changed',
          fromValue: String(current.category),
          toValue: String(input.category),
          rationale: input.categoryRationale,
          by,
        },
      ])
      await recordTimeline(tx, principal, {
        ...base,
        kind: 'registration.category_changed',
        title: `MAPPA category changed from Category ${current.category} to Category ${input.category}`,
        detail: input.categoryRationale,
      })
    }
    if (management.leadAgency && management.leadAgency.id !== current.leadAgencyId) {
      const to = management.leadAgency.name
      await queries.insertChanges(tx, [
        {
          registrationId: current.id,
          kind: 'lead_agency_changed',
          fromValue: current.leadAgencyName,
          toValue: to,
          by,
        },
      ])
      await queries.setPersonLeadAgency(tx, person.id, management.leadAgency.id)
      await recordTimeline(tx, principal, {
        ...base,
        kind: 'registration.lead_agency_changed',
        title: `Lead agency changed to ${to}`,
        detail: current.leadAgencyName ? `Was ${current.leadAgencyName}` : null,
      })
    }
    if (input.policeManager !== undefined || input.probationManager !== undefined) {
      const { from, to } = await applyManagers(tx, person.id, input)
      if (from !== to) {
        await queries.insertChanges(tx, [
          { registrationId: current.id, kind: 'managers_changed', fromValue: from, toValue: to, by },
        ])
        await recordTimeline(tx, principal, {
          ...base,
          kind: 'registration.managers_changed',
          title: `Named managers changed to ${to}`,
          detail: `Were ${from}`,
        })
      }
    }
    return true
  })
  if (!changed) return { kind: 'stale', current: (await registrationOf(db, person, current.id))! }
  return { kind: 'changed' }
}

/**
 * A MAPPA meeting reviewed the level and kept it (MAPPA Guidance ch.13): recorded as a
 * `level_reviewed` change on the meeting's date, with the meeting's rationale, so the next level
 * review falls due from that meeting. A change of level goes through `changeRegistration`.
 */
export async function recordLevelReview(
  db: Database,
  principal: Principal,
  person: PersonRecord,
  registrationId: string,
  input: { version: number; reviewedOn: IsoDate; rationale: string },
): Promise<ChangeResult> {
  const current = await registrationOf(db, person, registrationId)
  if (!current) return { kind: 'not_found' }
  if (!inForce(current)) return { kind: 'conflict', message: ENDED }
  if (input.version !== current.version) return { kind: 'stale', current }
  const reviewed = await db.transaction(async (tx) => {
    const saved = await queries.updateRegistrationIfCurrent(tx, current.id, input.version, {
      levelRationale: input.rationale,
    })
    if (!saved) return false
    await queries.insertChanges(tx, [
      {
        registrationId: current.id,
        kind: 'level_reviewed',
        fromValue: String(current.level),
        toValue: String(current.level),
        rationale: input.rationale,
        // Noon UTC is the same London calendar day all year round.
        at: new Date(`${input.reviewedOn}T12:00:00Z`),
        by: actor(principal),
      },
    ])
    await recordTimeline(tx, principal, {
      personId: person.id,
      recordType: 'registration',
      recordId: current.id,
      kind: 'registration.level_reviewed',
      title: `MAPPA level reviewed: Level ${current.level} kept`,
      detail: input.rationale,
    })
    return true
  })
  if (!reviewed) return { kind: 'stale', current: (await registrationOf(db, person, current.id))! }
  return { kind: 'changed' }
}

/**
 * Ends a registration when a person confirms it (prompted by the rules when the basis has ended;
 * Category 3 and 4 by decision). Nothing is deleted: the status, date, who and why are kept.
 */
export async function deregister(
  db: Database,
  principal: Principal,
  person: PersonRecord,
  registrationId: string,
  input: DeregisterInput,
  today: IsoDate,
): Promise<ChangeResult> {
  const current = await registrationOf(db, person, registrationId)
  if (!current) return { kind: 'not_found' }
  if (!inForce(current)) return { kind: 'conflict', message: 'This registration has already ended' }
  if (input.version !== current.version) return { kind: 'stale', current }
  const on = input.deregisteredOn ?? today
  if (on > today)
    return {
      kind: 'invalid',
      problems: [{ path: 'deregisteredOn', message: 'De-registration date must be today or in the past' }],
    }
  if (on < current.registeredOn)
    return {
      kind: 'invalid',
      problems: [{ path: 'deregisteredOn', message: 'De-registration date must be after the registration' }],
    }
  const changed = await db.transaction(async (tx) => {
    const saved = await queries.updateRegistrationIfCurrent(tx, current.id, input.version, {
      status: 'deregistered',
      deregisteredOn: on,
      deregisteredBy: actor(principal),
      deregistrationReason: input.reason,
    })
    if (!saved) return false
    await queries.insertChanges(tx, [
      {
        registrationId: current.id,
        kind: 'deregistered',
        fromValue: `Category ${current.category}, Level ${current.level}`,
        toValue: 'De-registered',
        rationale: input.reason,
        by: actor(principal),
      },
    ])
    await recordTimeline(tx, principal, {
      personId: person.id,
      kind: 'registration.deregistered',
      title: `De-registered from MAPPA (was Category ${current.category}, Level ${current.level})`,
      detail: input.reason,
      recordType: 'registration',
      recordId: current.id,
    })
    return true
  })
  if (!changed) return { kind: 'stale', current: (await registrationOf(db, person, current.id))! }
  return { kind: 'changed' }
}

/**
 * When a case moves to another area (transfer accepted), the sending area's lead agency and
 * named managers no longer manage it: they are taken off (recorded, not lost) so that the
 * receiving area names its own, and the sending area keeps no access through them.
 */
export async function handOverOnTransfer(
  tx: queries.Transaction,
  principal: Principal,
  personId: string,
  toArea: string,
) {
  const by = actor(principal)
  const [registration] = (await queries.registrationsOf(tx, await recordIdsOf(tx, personId))).filter((r) =>
    queries.IN_FORCE.includes(r.status),
  )
  const agencies = await queries.leadAgencyOptions(tx, toArea)
  const clearLead = !!registration?.leadAgencyId && !agencies.some((a) => a.id === registration.leadAgencyId)
  if (registration && clearLead) {
    await queries.updateRegistrationIfCurrent(tx, registration.id, registration.version, {
      leadAgencyId: null,
    })
    await queries.insertChanges(tx, [
      {
        registrationId: registration.id,
        kind: 'lead_agency_changed',
        fromValue: registration.leadAgencyName,
        toValue: null,
        rationale: 'Transferred to another area: the receiving area names the lead agency',
        by,
      },
    ])
  }
  const person = await queries.leadAgencyOfPerson(tx, personId)
  if (person?.leadAgencyId && !agencies.some((a) => a.id === person.leadAgencyId))
    await queries.setPersonLeadAgency(tx, personId, null)
  const before = await queries.managersOf(tx, personId)
  const staying = new Set(
    (
      await Promise.all([
        queries.managerOptions(tx, toArea, 'police'),
        queries.managerOptions(tx, toArea, 'probation'),
      ])
    )
      .flat()
      .map((m) => m.userId),
  )
  const leaving = before.filter((m) => !staying.has(m.userId))
  if (leaving.length) {
    await queries.replaceManagers(
      tx,
      personId,
      before
        .filter((m) => staying.has(m.userId) && (m.kind === 'police' || m.kind === 'probation'))
        .map((m) => ({ userId: m.userId, kind: m.kind as 'police' | 'probation' })),
    )
    if (registration)
      await queries.insertChanges(tx, [
        {
          registrationId: registration.id,
          kind: 'managers_changed',
          fromValue: before.map((m) => `${m.displayName} (${m.kind})`).join(', '),
          toValue: 'None in the receiving area',
          rationale: 'Transferred to another area: the receiving area names the managers',
          by,
        },
      ])
  }
  return { leadAgencyCleared: clearLead, managersRemoved: leaving.map((m) => m.displayName) }
}

/** The registration as the API returns it (contract: `…/registrations`). */
export function registrationJson(r: RegistrationRecord) {
  return {
    id: r.id,
    personId: r.personId,
    category: r.category,
    categoryRationale: r.categoryRationale,
    level: r.level,
    levelRationale: r.levelRationale,
    leadAgency: r.leadAgencyCode,
    status: r.status,
    registeredOn: r.registeredOn,
    registeredBy: r.registeredByName,
    deregisteredOn: r.deregisteredOn,
    deregisteredBy: r.deregisteredByName,
    deregistrationReason: r.deregistrationReason,
    version: r.version,
    history: r.changes.map((c) => ({
      kind: c.kind,
      from: c.fromValue,
      to: c.toValue,
      rationale: c.rationale,
      at: c.at.toISOString(),
      by: c.byName,
    })),
  }
}

/** For other features (caseloads, transfers): the registration in force, if any. */
export async function currentRegistration(db: Database, personId: string) {
  const all = await queries.registrationsOf(db, await recordIdsOf(db, personId))
  return all.find(inForce)
}
