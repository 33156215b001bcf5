import { randomInt } from 'node:crypto'
import type { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { type DueItem, type DueKind, claresLawDueItems, sarahsLawDueItems } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { decideApplicationAccess } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import type { Sealer } from '../../security/sealing.js'
import { type DisclosureRow, recordDisclosure } from '../disclosures/service.js'
import { personFor } from '../people/service.js'
import { saveTasks } from '../tasks/service.js'
import * as queries from './queries.js'
import type { ApplicationRow } from './queries.js'
import {
  type ApplicationDetails,
  type ApplicationDetailsInput,
  type FieldStage,
  type RightToKnowBody,
  type Scheme,
  applicationDetails,
  stageBodies,
} from './schema.js'
import { issueProblems } from '../../web/forms.js'

export type { ApplicationRow } from './queries.js'
export type Problem = { path: string; message: string }

/** Sealed application details are bound to this context: they cannot be opened as anything else. */
export const SEAL_CONTEXT = 'application'

const userIdOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)
// Crockford's base32 without I, L, O and U: easy to read out on the phone and to type.
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * A reference for the applicant: 12 random characters (60 bits), so one reference says nothing
 * of any other and cannot be guessed; grouped in fours to read out, e.g. DS-7K3M-9QXP-2HRT.
 */
export function newReference(): string {
  const chars = Array.from({ length: 12 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)])
  return `DS-${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`
}

// Clocks -----------------------------------------------------------------------------------------

/** The scheme's stage clocks from the rules, with the stages met so far. */
export function clocksOf(app: ApplicationRow, now: Date): DueItem[] {
  const common = {
    subjectId: app.matchedPersonId ?? undefined,
    receivedAt: app.receivedAt.toISOString(),
    initialChecksDoneAt: app.triagedAt?.toISOString(),
    faceToFaceOn: app.faceToFaceOn ?? undefined,
  }
  return app.scheme === 'sarahs_law'
    ? sarahsLawDueItems(
        { ...common, completedOn: app.letterIssuedOn ?? app.closedOn ?? undefined },
        now.toISOString(),
      )
    : claresLawDueItems(
        { ...common, disclosureDecidedOn: app.forumDecidedOn ?? undefined },
        now.toISOString(),
      )
}

/** Which stage of the application meets each clock. */
export const CLOCK_STAGE: Partial<Record<DueKind, string>> = {
  clares_law_initial_checks: 'triage',
  clares_law_face_to_face: 'face-to-face',
  clares_law_disclosure: 'decision',
  sarahs_law_initial_checks: 'triage',
  sarahs_law_face_to_face: 'face-to-face',
  sarahs_law_completion: 'letter',
}

export interface ClockView {
  kind: DueKind
  title: string
  stage: string
  dueDate: string
  dueAt: string | null
  status: DueItem['status']
  doneOn: string | null
  /** Met in time (true), met late (false), or not met yet (null). */
  onTime: boolean | null
  basis: DueItem['basis']
}

/** Each clock with whether it was met in time; the 24-hour clock compares exact times. */
export function clockViews(app: ApplicationRow, now: Date): ClockView[] {
  return clocksOf(app, now).map((item) => {
    const metAt = item.dueAt && app.triagedAt && item.status === 'done' ? app.triagedAt : null
    const onTime =
      item.status !== 'done'
        ? null
        : metAt
          ? metAt.getTime() <= new Date(item.dueAt!).getTime()
          : (item.doneOn ?? '') <= item.dueDate
    return {
      kind: item.kind,
      title: item.title,
      stage: CLOCK_STAGE[item.kind] ?? '',
      dueDate: item.dueDate,
      dueAt: item.dueAt ?? null,
      status: item.status,
      doneOn: item.doneOn ?? null,
      onTime,
      basis: item.basis,
    }
  })
}

/**
 * Keeps the application's open stages in the work queues (tasks), owned by the officer working
 * it in its area; a closed application has none.
 */
export async function refreshTasks(db: Database, app: ApplicationRow, now = new Date()) {
  await saveTasks(
    db,
    { type: 'application', id: app.id },
    { personId: app.matchedPersonId, ownerUserId: app.assignedUserId, areaCode: app.areaCode },
    app.closedOn ? [] : clocksOf(app, now),
  )
}

// Creating ---------------------------------------------------------------------------------------

/**
 * An application from the public form. What the applicant said is sealed; nothing is matched or
 * looked up here, so the applicant's answer is the same whatever (or whoever) they asked about.
 */
export async function createPublicApplication(
  db: Database,
  sealer: Sealer,
  input: {
    scheme: Exclude<Scheme, 'clares_law_know'>
    language: 'en' | 'cy'
    areaCode: string
    details: ApplicationDetailsInput
  },
): Promise<ApplicationRow> {
  const details = applicationDetails.parse(input.details)
  const app = await queries.insertApplication(db, {
    reference: newReference(),
    scheme: input.scheme,
    route: 'public_form',
    language: input.language,
    areaCode: input.areaCode,
    sealed: sealer.seal(SEAL_CONTEXT, details),
    receivedAt: new Date(),
  })
  await refreshTasks(db, app)
  return app
}

/** A Right to Know application the police raise (DVDS: information that someone may be at risk). */
export async function createRightToKnow(
  db: Database,
  sealer: Sealer,
  principal: Principal,
  body: RightToKnowBody,
): Promise<{ kind: 'created'; application: ApplicationRow } | { kind: 'invalid'; problems: Problem[] }> {
  if (!principal.membership.areaCodes.includes(body.areaCode))
    return { kind: 'invalid', problems: [{ path: 'areaCode', message: 'Select one of your areas' }] }
  const details = applicationDetails.parse({
    subject: {
      name: body.subjectName,
      dateOfBirth: body.subjectDateOfBirth,
      address: body.subjectAddress,
      howKnown: null,
    },
    personAtRisk: {
      name: body.atRiskName,
      dateOfBirth: null,
      address: body.atRiskContact,
      relationship: body.atRiskRelationship,
    },
    concern: body.concern,
    policeForce: principal.membership.agencyName,
  } satisfies ApplicationDetailsInput)
  const app = await queries.insertApplication(db, {
    reference: newReference(),
    scheme: 'clares_law_know',
    route: 'police',
    language: body.language,
    areaCode: body.areaCode,
    policeAgencyId: principal.membership.agencyId,
    sealed: sealer.seal(SEAL_CONTEXT, details),
    receivedAt: new Date(),
    assignedUserId: userIdOf(principal),
    createdBy: userIdOf(principal),
  })
  await refreshTasks(db, app)
  return { kind: 'created', application: app }
}

// Reading ----------------------------------------------------------------------------------------

export type ApplicationAccess =
  { kind: 'ok'; application: ApplicationRow } | { kind: 'not_found' } | { kind: 'denied'; message: string }

export async function applicationFor(
  db: Database,
  principal: Principal,
  id: string,
): Promise<ApplicationAccess> {
  const application = await queries.findApplication(db, id)
  if (!application) return { kind: 'not_found' }
  const decision = decideApplicationAccess(principal, application)
  return decision.allowed ? { kind: 'ok', application } : { kind: 'denied', message: decision.message }
}

/** What the applicant told us; callers have checked access and audit the read. */
export const detailsOf = (sealer: Sealer, app: ApplicationRow) =>
  sealer.open<ApplicationDetails>(SEAL_CONTEXT, app.sealed)

export async function applicationsFor(db: Database, principal: Principal, filter: { open?: boolean } = {}) {
  return queries.applicationsOf(db, {
    areaCodes: principal.membership.areaCodes,
    policeAgencyId: principal.membership.agencyId,
    open: filter.open,
  })
}

export const officerOptions = (principal: Principal, db: Database, areaCode: string) =>
  queries.officerOptions(db, principal.membership.agencyId, areaCode)
export const disclosuresOfApplication = queries.disclosuresOfApplication
export const userName = queries.userName

/** received → triaged → in progress → decided → closed, from the stages recorded. */
export function statusOf(
  app: Pick<
    ApplicationRow,
    'closedOn' | 'forumDecision' | 'matchedAt' | 'faceToFaceOn' | 'checksCompletedOn' | 'triagedAt'
  >,
) {
  if (app.closedOn) return 'closed'
  if (app.forumDecision) return 'decided'
  if (app.matchedAt || app.faceToFaceOn || app.checksCompletedOn) return 'in_progress'
  if (app.triagedAt) return 'triaged'
  return 'received'
}

// Stages -----------------------------------------------------------------------------------------

export type StageResult =
  | { kind: 'updated'; application: ApplicationRow; disclosure?: DisclosureRow }
  | { kind: 'stale'; current: ApplicationRow }
  | { kind: 'invalid'; problems: Problem[] }

async function save(
  db: Database,
  principal: Principal,
  app: ApplicationRow,
  version: number,
  values: Partial<queries.NewApplication>,
): Promise<StageResult> {
  if (app.version !== version) return { kind: 'stale', current: app }
  const changed = { ...app, ...values }
  const updated = await queries.updateApplicationIfCurrent(db, app.id, version, {
    ...values,
    // The first officer to act on it takes it for their force.
    policeAgencyId: app.policeAgencyId ?? principal.membership.agencyId,
    status: statusOf(changed),
  })
  if (!updated) return { kind: 'stale', current: (await queries.findApplication(db, app.id))! }
  await refreshTasks(db, updated)
  return { kind: 'updated', application: updated }
}

/** Records one stage of the application, with an optimistic version check. */
export async function updateStage(
  db: Database,
  principal: Principal,
  app: ApplicationRow,
  stage: FieldStage,
  input: unknown,
  today: string = londonDateOf(new Date().toISOString()),
): Promise<StageResult> {
  const bodies = stageBodies(today)
  const parsed = bodies[stage].safeParse(input)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const receivedOn = londonDateOf(app.receivedAt.toISOString())
  const tooEarly = (path: string, date: string, what: string): StageResult | undefined =>
    date < receivedOn
      ? {
          kind: 'invalid',
          problems: [{ path, message: `${what} must be on or after the day the application was received` }],
        }
      : undefined
  const v = parsed.data
  switch (stage) {
    case 'triage': {
      const body = v as z.output<StageBodies['triage']>
      if (
        body.assignedUserId &&
        !(await officerOptions(principal, db, app.areaCode!)).some((o) => o.userId === body.assignedUserId)
      )
        return {
          kind: 'invalid',
          problems: [{ path: 'assignedUserId', message: 'Select an officer of your force' }],
        }
      return save(db, principal, app, body.version, {
        triagedAt: app.triagedAt ?? new Date(),
        triagedBy: app.triagedBy ?? userIdOf(principal),
        immediateRisk: body.immediateRisk,
        triageNote: body.triageNote,
        assignedUserId: body.assignedUserId ?? app.assignedUserId ?? userIdOf(principal),
      })
    }
    case 'match': {
      const body = v as z.output<StageBodies['match']>
      if (body.matchedPersonId) {
        const access = await personFor(db, principal, body.matchedPersonId, 'person:view')
        if (access.kind !== 'ok')
          return {
            kind: 'invalid',
            problems: [{ path: 'matchedPersonId', message: 'Select a record you may open' }],
          }
      }
      return save(db, principal, app, body.version, {
        matchedPersonId: body.matchedPersonId,
        matchedAt: new Date(),
      })
    }
    case 'face-to-face': {
      const body = v as z.output<StageBodies['face-to-face']>
      return (
        tooEarly('faceToFaceOn', body.faceToFaceOn, 'Date of the face-to-face meeting') ??
        save(db, principal, app, body.version, { faceToFaceOn: body.faceToFaceOn })
      )
    }
    case 'checks': {
      const body = v as z.output<StageBodies['checks']>
      return (
        tooEarly('checksCompletedOn', body.checksCompletedOn, 'Date the checks were completed') ??
        save(db, principal, app, body.version, { checksCompletedOn: body.checksCompletedOn })
      )
    }
    case 'decision': {
      const body = v as z.output<StageBodies['decision']>
      return (
        tooEarly('forumDecidedOn', body.forumDecidedOn, 'Date of the decision') ??
        save(db, principal, app, body.version, {
          forumDecision: body.forumDecision,
          forumDecidedOn: body.forumDecidedOn,
          forumRationale: body.forumRationale,
          forumAgencies: body.forumAgencies,
        })
      )
    }
    case 'letter': {
      const body = v as z.output<StageBodies['letter']>
      if (!app.forumDecision)
        return {
          kind: 'invalid',
          problems: [{ path: 'letterIssuedOn', message: 'Record the forum’s decision before the letter' }],
        }
      return (
        tooEarly('letterIssuedOn', body.letterIssuedOn, 'Date the letter was issued') ??
        save(db, principal, app, body.version, { letterIssuedOn: body.letterIssuedOn })
      )
    }
    case 'close': {
      const body = v as z.output<StageBodies['close']>
      return (
        tooEarly('closedOn', body.closedOn, 'Date closed') ??
        save(db, principal, app, body.version, { closedOn: body.closedOn, closedReason: body.closedReason })
      )
    }
  }
}
type StageBodies = ReturnType<typeof stageBodies>

/**
 * The disclosure the forum decided on, to the person best placed to protect (not necessarily
 * the applicant), recorded in the register against the matched record and this application.
 */
export async function recordApplicationDisclosure(
  db: Database,
  principal: Principal,
  app: ApplicationRow,
  version: number,
  input: unknown,
): Promise<StageResult> {
  if (app.version !== version) return { kind: 'stale', current: app }
  if (app.forumDecision !== 'disclose')
    return { kind: 'invalid', problems: [{ path: 'form', message: 'The forum has not decided to disclose' }] }
  if (!app.matchedPersonId)
    return {
      kind: 'invalid',
      problems: [
        { path: 'form', message: 'Match the application to the record of the person it is about first' },
      ],
    }
  const result = await db
    .transaction(async (tx) => {
      const recorded = await recordDisclosure(
        tx as unknown as Database,
        principal,
        app.matchedPersonId!,
        input,
        {
          applicationId: app.id,
        },
      )
      if (recorded.kind === 'invalid') return recorded
      const saved = await save(tx as unknown as Database, principal, app, version, {})
      if (saved.kind !== 'updated') throw new StaleApplication()
      return { ...saved, disclosure: recorded.disclosure }
    })
    .catch((error: unknown) => {
      if (error instanceof StaleApplication) return undefined
      throw error
    })
  return result ?? { kind: 'stale', current: (await queries.findApplication(db, app.id))! }
}
class StaleApplication extends Error {}

// The area dashboard -------------------------------------------------------------------------

export interface StageTimeliness {
  kind: DueKind
  title: string
  met: number
  onTime: number
  overdue: number
  /** Of those met, the share met in time (null when none was met). */
  percentOnTime: number | null
}

/**
 * Timeliness in the principal's areas: open applications, each stage's overdue count now, and
 * of applications received in the period, how many met each stage in time.
 */
export async function dashboard(
  db: Database,
  principal: Principal,
  period: { from: string; to: string },
  now = new Date(),
) {
  const all = await applicationsFor(db, principal)
  const open = all.filter((a) => !a.closedOn)
  const inPeriod = all.filter((a) => {
    const day = londonDateOf(a.receivedAt.toISOString())
    return day >= period.from && day <= period.to
  })
  const stages = new Map<DueKind, StageTimeliness>()
  const stat = (c: ClockView) => {
    const s = stages.get(c.kind) ?? {
      kind: c.kind,
      title: c.title,
      met: 0,
      onTime: 0,
      overdue: 0,
      percentOnTime: null,
    }
    stages.set(c.kind, s)
    return s
  }
  for (const app of open) for (const c of clockViews(app, now)) if (c.status === 'overdue') stat(c).overdue++
  for (const app of inPeriod)
    for (const c of clockViews(app, now))
      if (c.onTime !== null) {
        const s = stat(c)
        s.met++
        if (c.onTime) s.onTime++
      }
  for (const s of stages.values()) s.percentOnTime = s.met ? Math.round((100 * s.onTime) / s.met) : null
  const order = Object.keys(CLOCK_STAGE)
  return {
    open: open.length,
    immediateRisk: open.filter((a) => a.immediateRisk).length,
    received: inPeriod.length,
    stages: [...stages.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)),
  }
}
