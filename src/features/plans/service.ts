import type { Database } from '../../db/connection.js'
import type { DueItem, IsoDate } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import { listAgencies } from '../admin/service.js'
import { ORDER_KINDS, factType } from '../record/sections.js'
import { factsOf } from '../record/service.js'
import { currentRegistration } from '../registrations/service.js'
import { recordTimeline } from '../timeline/service.js'
import { comparePlans, type PlanDiff } from './compare.js'
import { PILLARS, type Pillar } from './pillars.js'
import * as queries from './queries.js'
import type { PlanEntry, PlanVersion } from './queries.js'
import type { DraftContent, DraftPatch } from './schema.js'
import { planDueItems } from './warnings.js'

export type { PlanEntry, PlanVersion } from './queries.js'
export type FieldProblem = { path: string; message: string }

export const STATUS_LABELS: Record<string, { text: string; classes: string }> = {
  draft: { text: 'Draft', classes: 'govuk-tag--yellow' },
  signed_off: { text: 'Signed off', classes: 'govuk-tag--green' },
  superseded: { text: 'Superseded', classes: 'govuk-tag--grey' },
}

/** Where licence conditions and order prohibitions come from (conditions.source). */
export const CONDITION_SOURCE_LABELS: Record<string, string> = {
  licence: 'Licence conditions',
  shpo: 'Sexual harm prevention order prohibitions',
  sro: 'Sexual risk order prohibitions',
  restraining_order: 'Restraining order prohibitions',
  notification_order: 'Notification order requirements',
  other: 'Other conditions and prohibitions',
}
export const CONDITION_KIND_LABELS: Record<string, string> = {
  no_contact: 'No contact',
  exclusion_zone: 'Exclusion zone',
  inclusion_curfew: 'Curfew',
  residence: 'Residence',
  reporting: 'Reporting',
  travel: 'Travel',
  internet_device: 'Internet and devices',
  other: 'Other',
}

const actor = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)
const dateOf = (instant: Date) => londonDateOf(instant.toISOString())

export interface PlanDetail extends PlanVersion {
  entries: PlanEntry[]
}

/** One version of a person's plan with its entries. */
export async function planDetail(
  db: Database,
  personId: string,
  number: number,
): Promise<PlanDetail | undefined> {
  const plan = await queries.findPlan(db, personId, number)
  if (!plan) return undefined
  return { ...plan, entries: await queries.entriesOf(db, [plan.id]) }
}

/** The plan in force: what home visits and other features plan from. */
export interface CurrentPlan {
  id: string
  number: number
  reviewOn: IsoDate | null
  /** Months between home visits set by the plan; null to use the default for the risk level. */
  visitIntervalMonths: number | null
  signedOffOn: IsoDate
  entries: PlanEntry[]
}

/** The latest signed-off version of a person's plan, or undefined if none has been signed off. */
export async function currentPlan(db: Database, personId: string): Promise<CurrentPlan | undefined> {
  const plan = await queries.signedOffPlan(db, personId)
  if (!plan) return undefined
  return {
    id: plan.id,
    number: plan.number,
    reviewOn: plan.reviewOn,
    visitIntervalMonths: plan.visitIntervalMonths,
    signedOffOn: dateOf(plan.signedOffAt ?? plan.createdAt),
    entries: await queries.entriesOf(db, [plan.id]),
  }
}

/**
 * Gaps in a person's plan as due items (kinds plan_missing, plan_incomplete, plan_review and
 * plan_entry_review), citing MAPPA Guidance ch.12: for the work queue and the record.
 */
export async function planWarnings(db: Database, personId: string, today: IsoDate): Promise<DueItem[]> {
  const [registration, current] = await Promise.all([
    currentRegistration(db, personId),
    currentPlan(db, personId),
  ])
  return planDueItems(
    { personId, registeredOn: registration?.registeredOn ?? null, current: current ?? null },
    today,
  )
}

/** The gaps worth a warning now: every missing part, and reviews whose date has passed. */
export const isWarning = (item: DueItem) => item.status === 'overdue'

/** A line for the person overview: how many warnings, and the first few. */
export async function planWarningSummary(db: Database, personId: string, today: IsoDate) {
  const warnings = (await planWarnings(db, personId, today)).filter(isWarning)
  return { count: warnings.length, titles: warnings.slice(0, 3).map((w) => w.title) }
}

/** Active orders on the record (issue 4's orders and licences), for the plan to list. */
async function activeOrders(db: Database, personId: string, today: IsoDate) {
  const facts = await factsOf(db, factType('orders')!, personId, today)
  const label = (kind: unknown) => ORDER_KINDS.find((k) => k.value === kind)?.text ?? String(kind)
  return facts
    .filter((f) => f.status === 'current')
    .filter((f) => !f.madeOn || String(f.madeOn) <= today)
    .filter((f) => !f.endsOn || String(f.endsOn) >= today)
    .map((f) => ({
      id: f.id,
      kind: String(f.kind),
      kindText: label(f.kind),
      madeOn: (f.madeOn as string | null) ?? null,
      endsOn: (f.endsOn as string | null) ?? null,
      untilFurtherOrder: f.untilFurtherOrder === true,
      terms: (f.terms as string | null) ?? null,
    }))
}

/** Conditions and prohibitions in force, grouped by where they come from. */
async function conditionGroups(db: Database, personId: string, today: IsoDate) {
  const rows = await queries.activeConditions(db, personId, today)
  const groups = new Map<string, typeof rows>()
  for (const row of rows) groups.set(row.source, [...(groups.get(row.source) ?? []), row])
  return [...groups].map(([source, items]) => ({
    source,
    title: CONDITION_SOURCE_LABELS[source] ?? source,
    items: items.map((c) => ({ ...c, kindText: CONDITION_KIND_LABELS[c.kind] ?? c.kind })),
  }))
}

/** Everything the plan page shows. */
export async function planOverview(db: Database, personId: string, today: IsoDate) {
  const versions = await queries.plansOf(db, personId)
  const current = versions.find((v) => v.status === 'signed_off')
  const draft = versions.find((v) => v.status === 'draft')
  const entries = await queries.entriesOf(
    db,
    [current, draft].filter((p) => !!p).map((p) => p.id),
  )
  const withEntries = (plan: PlanVersion | undefined) =>
    plan && { ...plan, entries: entries.filter((e) => e.planId === plan.id) }
  const [warnings, conditions, orders] = await Promise.all([
    planWarnings(db, personId, today),
    conditionGroups(db, personId, today),
    activeOrders(db, personId, today),
  ])
  return {
    versions,
    current: withEntries(current),
    draft: withEntries(draft),
    warnings: warnings.filter(isWarning),
    conditions,
    orders,
  }
}

/** Any agency may own an entry. */
export async function agencyOptions(db: Database) {
  return (await listAgencies(db)).map((a) => ({ id: a.id, name: a.name, areaName: a.areaName }))
}

async function unknownAgencies(db: Database, entries: DraftContent['entries']): Promise<FieldProblem[]> {
  const ids = [...new Set(entries.map((e) => e.ownerAgencyId).filter((id): id is string => !!id))]
  const known = await queries.existingAgencies(db, ids)
  return entries.flatMap((e, i) =>
    e.ownerAgencyId && !known.has(e.ownerAgencyId)
      ? [{ path: `entries.${i}.ownerAgencyId`, message: 'Select an agency from the list' }]
      : [],
  )
}

export type CreateDraftResult =
  { kind: 'created'; plan: PlanDetail } | { kind: 'conflict'; number: number; message: string }

/**
 * Starts a new draft: a copy of the signed-off version's content, or an empty plan. Only one
 * draft at a time: a second is refused, naming the draft to carry on with.
 */
export async function createDraft(
  db: Database,
  principal: Principal,
  personId: string,
): Promise<CreateDraftResult> {
  const result = await db.transaction(
    async (tx): Promise<CreateDraftResult | { kind: 'ok'; number: number }> => {
      await queries.lockPerson(tx, personId)
      const existing = await queries.draftOf(tx, personId)
      if (existing)
        return {
          kind: 'conflict',
          number: existing.number,
          message: `Version ${existing.number} is already a draft: change that draft instead`,
        }
      const base = await queries.signedOffPlan(tx, personId)
      const baseEntries = base ? await queries.entriesOf(tx, [base.id]) : []
      const number = await queries.nextNumber(tx, personId)
      const plan = await queries.insertPlan(tx, {
        personId,
        number,
        reviewOn: base?.reviewOn ?? null,
        visitIntervalMonths: base?.visitIntervalMonths ?? null,
        createdBy: actor(principal),
      })
      await queries.insertEntries(tx, plan.id, orderedEntries(baseEntries))
      await recordTimeline(tx, principal, {
        personId,
        kind: 'plan.drafted',
        title: `Risk management plan version ${number} drafted`,
        detail: base ? `Started from version ${base.number}` : 'Started as a new plan',
        recordType: 'risk_plan',
        recordId: plan.id,
      })
      return { kind: 'ok', number }
    },
  )
  if (result.kind !== 'ok') return result
  return { kind: 'created', plan: (await planDetail(db, personId, result.number))! }
}

/** Entries in pillar order, then position (the order they are shown and stored in). */
function orderedEntries<E extends { pillar: Pillar; position?: number }>(entries: readonly E[]): E[] {
  return [...entries].sort(
    (a, b) => PILLARS.indexOf(a.pillar) - PILLARS.indexOf(b.pillar) || (a.position ?? 0) - (b.position ?? 0),
  )
}

export type UpdateDraftResult =
  | { kind: 'updated'; plan: PlanDetail }
  | { kind: 'not_found' }
  | { kind: 'not_draft'; message: string }
  | { kind: 'stale'; current: PlanDetail }
  | { kind: 'invalid'; problems: FieldProblem[] }

const notDraft = (number: number) => ({
  kind: 'not_draft' as const,
  message: `Version ${number} has been signed off and can no longer be changed: start a new draft`,
})

/** Changes a draft if it is still the version the editor read; nothing is overwritten otherwise. */
export async function updateDraft(
  db: Database,
  principal: Principal,
  personId: string,
  number: number,
  patch: DraftPatch,
): Promise<UpdateDraftResult> {
  const plan = await planDetail(db, personId, number)
  if (!plan) return { kind: 'not_found' }
  if (plan.status !== 'draft') return notDraft(number)
  if (patch.version !== plan.version) return { kind: 'stale', current: plan }
  const problems = patch.entries ? await unknownAgencies(db, patch.entries) : []
  if (problems.length) return { kind: 'invalid', problems }
  const saved = await db.transaction(async (tx) => {
    const ok = await queries.updateDraftIfCurrent(
      tx,
      plan.id,
      patch.version,
      {
        reviewOn: patch.reviewOn === undefined ? plan.reviewOn : patch.reviewOn,
        visitIntervalMonths:
          patch.visitIntervalMonths === undefined ? plan.visitIntervalMonths : patch.visitIntervalMonths,
      },
      patch.entries && orderedEntries(patch.entries),
    )
    if (ok)
      await recordTimeline(tx, principal, {
        personId,
        kind: 'plan.draft_changed',
        title: `Risk management plan version ${number} draft changed`,
        recordType: 'risk_plan',
        recordId: plan.id,
      })
    return ok
  })
  const now = (await planDetail(db, personId, number))!
  if (!saved) return now.status === 'draft' ? { kind: 'stale', current: now } : notDraft(number)
  return { kind: 'updated', plan: now }
}

export type SignOffResult =
  | { kind: 'signed_off'; plan: PlanDetail }
  | { kind: 'forbidden'; message: string }
  | { kind: 'not_found' }
  | { kind: 'not_draft'; message: string }
  | { kind: 'stale'; current: PlanDetail }
  | { kind: 'invalid'; problems: FieldProblem[] }

/**
 * Signs off a draft (co-ordinators and chairs): it becomes the plan in force and the version
 * it replaces is superseded; both stay readable.
 */
export async function signOffDraft(
  db: Database,
  principal: Principal,
  personId: string,
  number: number,
  version: number,
  today: IsoDate,
): Promise<SignOffResult> {
  if (!mayDo(principal, 'plan:sign_off'))
    return { kind: 'forbidden', message: 'Only a MAPPA co-ordinator or meeting chair may sign off a plan.' }
  type Outcome = Exclude<SignOffResult, { kind: 'signed_off' | 'stale' }> | { kind: 'ok' } | { kind: 'stale' }
  const result = await db.transaction(async (tx): Promise<Outcome> => {
    await queries.lockPerson(tx, personId)
    const plan = await queries.lockPlan(tx, personId, number)
    if (!plan) return { kind: 'not_found' }
    if (plan.status !== 'draft') return notDraft(number)
    if (plan.version !== version) return { kind: 'stale' }
    const problems: FieldProblem[] = []
    if (!plan.reviewOn)
      problems.push({ path: 'reviewOn', message: 'Set a review date before signing off the plan' })
    else if (plan.reviewOn < today)
      problems.push({ path: 'reviewOn', message: 'The plan review date must be today or later' })
    if (problems.length) return { kind: 'invalid', problems }
    const previous = await queries.signedOffPlan(tx, personId)
    await queries.signOff(tx, plan, actor(principal))
    await recordTimeline(tx, principal, {
      personId,
      kind: 'plan.signed_off',
      title: `Risk management plan version ${number} signed off`,
      detail: previous ? `Supersedes version ${previous.number}` : 'The first signed-off plan',
      recordType: 'risk_plan',
      recordId: plan.id,
    })
    return { kind: 'ok' }
  })
  if (result.kind === 'stale') return { kind: 'stale', current: (await planDetail(db, personId, number))! }
  if (result.kind !== 'ok') return result
  return { kind: 'signed_off', plan: (await planDetail(db, personId, number))! }
}

export type ComparisonResult =
  | { kind: 'ok'; from: PlanDetail; to: PlanDetail; diff: PlanDiff<PlanEntry> }
  | { kind: 'not_found'; path: 'from' | 'to' }

/** What changed from one version to another. */
export async function comparison(
  db: Database,
  personId: string,
  fromNumber: number,
  toNumber: number,
): Promise<ComparisonResult> {
  const [from, to] = await Promise.all([
    planDetail(db, personId, fromNumber),
    planDetail(db, personId, toNumber),
  ])
  if (!from) return { kind: 'not_found', path: 'from' }
  if (!to) return { kind: 'not_found', path: 'to' }
  return { kind: 'ok', from, to, diff: comparePlans(from, to) }
}

/** A version as the API returns it. */
export function planJson(plan: PlanDetail) {
  return {
    id: plan.id,
    personId: plan.personId,
    number: plan.number,
    status: plan.status,
    reviewOn: plan.reviewOn,
    visitIntervalMonths: plan.visitIntervalMonths,
    createdAt: plan.createdAt.toISOString(),
    createdBy: plan.createdByName,
    signedOffAt: plan.signedOffAt?.toISOString() ?? null,
    signedOffBy: plan.signedOffByName,
    version: plan.version,
    entries: orderedEntries(plan.entries).map((e) => ({
      pillar: e.pillar,
      position: e.position,
      text: e.text,
      ownerAgencyId: e.ownerAgencyId,
      ownerAgencyName: e.ownerAgencyName,
      reviewOn: e.reviewOn,
    })),
  }
}
