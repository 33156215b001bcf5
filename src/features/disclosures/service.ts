import type { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { decidePersonAccess } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import type { Permission } from '../../security/roles.js'
import type { PersonRecord } from '../people/queries.js'
import { personFor } from '../people/service.js'
import { summariesWithAccess } from '../search/queries.js'
import { recordTimeline } from '../timeline/service.js'
import * as queries from './queries.js'
import type { DisclosureRow } from './queries.js'
import {
  DISCLOSURE_METHODS,
  type DisclosureUpdate,
  disclosureInput,
  disclosureUpdate,
  labelOf,
} from './schema.js'
import { issueProblems } from '../../web/forms.js'

export { disclosureInput, disclosureUpdate, DISCLOSURE_METHODS } from './schema.js'
export type { DisclosureInput, DisclosureUpdate } from './schema.js'
export type { DisclosureRow } from './queries.js'

export type Problem = { path: string; message: string }

const userIdOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)
const todayInLondon = () => londonDateOf(new Date().toISOString())

/** What is wrong with an input, without saving it (for a form that has problems of its own). */
export function inputProblems(schema: z.ZodType, input: unknown): Problem[] {
  const parsed = schema.safeParse(input)
  return parsed.success ? [] : issueProblems(parsed.error)
}

/** Where a disclosure was decided: at a meeting, on a scheme application, or outside both. */
export interface DisclosureLinks {
  meetingCaseId?: string | null
  applicationId?: string | null
}

export type RecordResult =
  { kind: 'created'; disclosure: DisclosureRow } | { kind: 'invalid'; problems: Problem[] }

/**
 * The history's line: the recipient by role only, as a recipient may be a victim whose identity
 * belongs in the register (shown to those who may open the record), not in every history view.
 */
function describe(d: DisclosureRow) {
  return [
    `To the ${d.recipientRole}, ${labelOf(DISCLOSURE_METHODS, d.method).toLowerCase()}, given by ${d.disclosedByName}`,
    `Legal basis: ${d.legalBasis}`,
    d.plannedOn && `Planned for ${d.plannedOn}`,
    d.disclosedOn && `Made on ${d.disclosedOn}`,
  ]
    .filter(Boolean)
    .join('\n')
}

/**
 * Adds a disclosure to the register (and the person's history). `input` is checked here, so
 * callers (the meeting minutes, the application workflow, the register form, the API) may pass
 * what they received; a disclosure that is not lawful, necessary and proportionate is refused.
 * Run inside the caller's transaction when it has one.
 */
export async function recordDisclosure(
  db: Database,
  principal: Principal,
  personId: string,
  input: unknown,
  links: DisclosureLinks = {},
  today: string = todayInLondon(),
): Promise<RecordResult> {
  const parsed = disclosureInput(today).safeParse(input)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const v = parsed.data
  const write = async (tx: Database) => {
    const row = await queries.insertDisclosure(tx, {
      personId,
      meetingCaseId: links.meetingCaseId ?? null,
      applicationId: links.applicationId ?? null,
      decidedOn: v.decidedOn,
      decidedBy: userIdOf(principal),
      lawful: v.lawful,
      necessary: v.necessary,
      proportionate: v.proportionate,
      legalBasis: v.legalBasis,
      rationale: v.rationale,
      content: v.content,
      recipientName: v.recipientName,
      recipientRole: v.recipientRole,
      disclosedByName: v.disclosedByName,
      method: v.method,
      plannedOn: v.plannedOn,
      disclosedOn: v.disclosedOn,
      personTold: v.personTold,
      notToldReason: v.personTold === false ? v.notToldReason : null,
      undertakingSigned: v.undertakingSigned,
      outcome: v.outcome,
      status: v.disclosedOn ? 'made' : 'decided',
      createdBy: userIdOf(principal),
    })
    await recordTimeline(tx, principal, {
      personId,
      kind: 'disclosure.recorded',
      title: `Disclosure ${v.disclosedOn ? 'made' : 'decided'} (${v.decidedOn}) to ${v.recipientRole}`,
      detail: describe(row),
      recordType: 'disclosure',
      recordId: row.id,
    })
    return row
  }
  // A transaction nests as a savepoint, so this is safe inside the caller's transaction too.
  const disclosure = await db.transaction((tx) => write(tx as unknown as Database))
  return { kind: 'created', disclosure }
}

export type UpdateResult =
  | { kind: 'updated'; disclosure: DisclosureRow }
  | { kind: 'not_found' }
  | { kind: 'stale'; current: DisclosureRow }
  | { kind: 'invalid'; problems: Problem[] }

/** Marks a disclosure made or not made, with an optimistic version check. */
export async function updateDisclosure(
  db: Database,
  principal: Principal,
  id: string,
  input: unknown,
  today: string = todayInLondon(),
): Promise<UpdateResult> {
  const current = await queries.findDisclosure(db, id)
  if (!current) return { kind: 'not_found' }
  const parsed = disclosureUpdate(today).safeParse(input)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const v: DisclosureUpdate = parsed.data
  if (current.version !== v.version) return { kind: 'stale', current }
  if (v.disclosedOn && v.disclosedOn < current.decidedOn)
    return {
      kind: 'invalid',
      problems: [
        {
          path: 'disclosedOn',
          message: 'Date the disclosure was made must be on or after the date it was decided',
        },
      ],
    }
  const updated = await db.transaction(async (tx) => {
    const row = await queries.updateDisclosureIfCurrent(tx as unknown as Database, id, v.version, {
      status: v.status,
      disclosedOn: v.status === 'made' ? v.disclosedOn : null,
      personTold: v.personTold,
      notToldReason: v.personTold === false ? v.notToldReason : null,
      undertakingSigned: v.undertakingSigned,
      outcome: v.outcome,
    })
    if (!row) return undefined
    await recordTimeline(tx, principal, {
      personId: row.personId,
      kind: v.status === 'made' ? 'disclosure.made' : 'disclosure.not_made',
      title:
        v.status === 'made'
          ? `Disclosure made (${v.disclosedOn}) to ${row.recipientRole}`
          : `Disclosure to ${row.recipientRole} not made`,
      detail: [describe(row), v.outcome && `Outcome: ${v.outcome}`].filter(Boolean).join('\n'),
      recordType: 'disclosure',
      recordId: row.id,
    })
    return row
  })
  return updated
    ? { kind: 'updated', disclosure: updated }
    : { kind: 'stale', current: (await queries.findDisclosure(db, id))! }
}

export const findDisclosure = queries.findDisclosure
export const disclosuresOfPerson = queries.disclosuresOfPerson

// Reading -------------------------------------------------------------------------------------

export type { Source } from './queries.js'

export const SOURCE_LABELS: Record<queries.Source, string> = {
  meeting: 'MAPPA meeting',
  application: 'Disclosure scheme application',
  outside: 'Outside a meeting',
}

export const sourceOf = (d: Pick<DisclosureRow, 'meetingCaseId' | 'applicationId'>): queries.Source =>
  d.meetingCaseId ? 'meeting' : d.applicationId ? 'application' : 'outside'

export type DisclosureAccess =
  | { kind: 'ok'; disclosure: DisclosureRow; person: PersonRecord }
  | { kind: 'not_found' }
  | { kind: 'denied'; message: string }

/** A disclosure, when the principal may do `permission` to the record of the person it is about. */
export async function disclosureFor(
  db: Database,
  principal: Principal,
  id: string,
  permission: Permission,
): Promise<DisclosureAccess> {
  const disclosure = await queries.findDisclosure(db, id)
  if (!disclosure) return { kind: 'not_found' }
  const access = await personFor(db, principal, disclosure.personId, permission, { followMerge: false })
  if (access.kind === 'not_found') return { kind: 'not_found' }
  if (access.kind === 'denied') return { kind: 'denied', message: access.decision.message }
  return { kind: 'ok', disclosure, person: access.person }
}

/** The meeting a meeting's disclosure was decided at, for a link to it. */
export async function meetingOf(d: DisclosureRow, db: Database) {
  return d.meetingCaseId ? ((await queries.meetingOfCase(db, d.meetingCaseId)) ?? null) : null
}

export const REGISTER_PAGE_SIZE = 50

export interface RegisterQuery {
  from?: string | undefined
  to?: string | undefined
  source?: queries.Source | undefined
  withoutMeeting?: boolean | undefined
  page: number
}

/**
 * The register of disclosures about people of the principal's areas. A disclosure's recipient
 * may be a victim or someone else at risk, so who received it (and what was said) is shown only
 * to those who may open the person's record; others see that a disclosure exists.
 */
export async function registerOf(db: Database, principal: Principal, query: RegisterQuery) {
  const { rows, total } = await queries.register(db, {
    areaCodes: principal.membership.areaCodes,
    from: query.from,
    to: query.to,
    // "Made without a meeting decision" is the register's required report (issue scope 5).
    source: query.withoutMeeting ? 'outside' : query.source,
    limit: REGISTER_PAGE_SIZE,
    offset: (query.page - 1) * REGISTER_PAGE_SIZE,
  })
  const ids = [...new Set(rows.map((r) => r.disclosure.personId))]
  const facts = new Map(
    (
      await summariesWithAccess(
        db,
        ids,
        principal.kind === 'user' ? principal.userId : null,
        principal.membership.agencyId,
      )
    ).map((p) => [p.id, p.facts]),
  )
  return {
    total,
    rows: rows.map(({ disclosure, person }) => {
      const personFacts = facts.get(person.id)
      const mayOpen = !!personFacts && decidePersonAccess(principal, 'disclosure:view', personFacts).allowed
      return { disclosure, person, mayOpen, source: sourceOf(disclosure) }
    }),
  }
}

/** A disclosure for partner systems; the recipient and content only for those who may see the record. */
export function disclosureJson(d: DisclosureRow, full: boolean) {
  const base = {
    id: d.id,
    personId: d.personId,
    source: sourceOf(d),
    meetingCaseId: d.meetingCaseId,
    applicationId: d.applicationId,
    decidedOn: d.decidedOn,
    status: d.status,
    plannedOn: d.plannedOn,
    disclosedOn: d.disclosedOn,
    method: d.method,
    version: d.version,
  }
  if (!full) return { ...base, restricted: true as const }
  return {
    ...base,
    restricted: false as const,
    lawful: d.lawful,
    necessary: d.necessary,
    proportionate: d.proportionate,
    legalBasis: d.legalBasis,
    rationale: d.rationale,
    content: d.content,
    recipientName: d.recipientName,
    recipientRole: d.recipientRole,
    disclosedByName: d.disclosedByName,
    personTold: d.personTold,
    notToldReason: d.notToldReason,
    undertakingSigned: d.undertakingSigned,
    outcome: d.outcome,
    createdAt: d.createdAt.toISOString(),
  }
}
