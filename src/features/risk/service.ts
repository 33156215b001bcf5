import type { Database } from '../../db/connection.js'
import {
  type BandResult,
  DEFAULT_REASSESSMENT_INTERVALS,
  type LatestAssessment,
  type RiskBand,
  type RiskLevel,
  type RiskTool,
  RISK_TOOLS,
  type RoshRatings,
  type Rm2000Scale,
  nextDueDate,
  ospDcBand,
  ospIicBand,
  reassessmentsDue,
  rm2000Band,
  roshReasons,
  rsrBand,
} from '../../domain/risk/index.js'
import type { DueItem, IsoDate, Reason, RiskPeriod } from '../../domain/rules/index.js'
import type { Principal } from '../../security/principal.js'
import { recordIdsOf } from '../merges/service.js'
import { personFor } from '../people/service.js'
import { recordTimeline } from '../timeline/service.js'
import * as queries from './queries.js'
import type { AssessmentRow, PersonAtRiskRow } from './queries.js'
import type { AssessmentInput, CorrectionInput, EndAtRiskInput, PersonAtRiskInput } from './schema.js'

export type FieldProblem = { path: string; message: string }

/** The intervals in force for "due again" when the assessor sets no date: local policy [U]. */
export const reassessmentIntervalsInUse = (): Record<RiskTool, string> => DEFAULT_REASSESSMENT_INTERVALS

/** An earlier version of an assessment, kept when a correction replaced it. */
export interface PreviousVersion {
  version: number
  assessedOn: IsoDate
  assessorName: string | null
  nextDueOn: IsoDate | null
  band: RiskBand | null
  inputs: Record<string, unknown>
  reasons: Reason[]
  recordedAt: string
  recordedBy: string | null
  correctedAt: string
  correctedBy: string | null
  reason: string
}

/** What `risk_assessments.data` holds: the tool's inputs, the band's reasons, and earlier versions. */
export interface AssessmentData {
  inputs: Record<string, unknown>
  reasons: Reason[]
  previousVersions: PreviousVersion[]
}

export interface Assessment extends Omit<AssessmentRow, 'data' | 'tool' | 'band'> {
  tool: RiskTool
  band: RiskBand | null
  inputs: Record<string, unknown>
  reasons: Reason[]
  previousVersions: PreviousVersion[]
}

const isTool = (value: string): value is RiskTool => (RISK_TOOLS as readonly string[]).includes(value)

export function assessmentOf(row: AssessmentRow): Assessment {
  const { data, tool, band, ...rest } = row
  const stored = data as Partial<AssessmentData>
  return {
    ...rest,
    tool: isTool(tool) ? tool : 'other',
    band: (band as RiskBand | null) ?? null,
    inputs: stored.inputs ?? {},
    reasons: stored.reasons ?? [],
    previousVersions: stored.previousVersions ?? [],
  }
}

const COMMON_KEYS = new Set(['tool', 'assessedOn', 'assessorName', 'nextDueOn', 'version', 'reason'])

/** The tool's own fields, as sent; absent optional values are left out. */
const inputsOf = (input: AssessmentInput | CorrectionInput) =>
  Object.fromEntries(
    Object.entries(input).filter(([k, v]) => !COMMON_KEYS.has(k) && v !== undefined && v !== null),
  )

/**
 * Checks across fields and against today, then the band from the domain rules. RoSH is rated,
 * not computed: its band is the overall level the assessor gave.
 */
export function evaluate(
  input: AssessmentInput,
  today: IsoDate,
): { problems: FieldProblem[]; result?: BandResult | { band: null; reasons: Reason[] } } {
  const problems: FieldProblem[] = []
  if (input.assessedOn > today)
    problems.push({ path: 'assessedOn', message: 'The date of the assessment must be today or in the past' })
  if (input.nextDueOn && input.nextDueOn <= input.assessedOn)
    problems.push({
      path: 'nextDueOn',
      message: 'The date it is due again must be after the date of the assessment',
    })
  switch (input.tool) {
    case 'oasys_rosh':
      if (input.custody && !input.prisoners)
        problems.push({
          path: 'prisoners',
          message: 'Select the risk to prisoners: the person was in custody',
        })
      if (!input.custody && input.prisoners)
        problems.push({
          path: 'prisoners',
          message: 'Leave the risk to prisoners as not rated: it is rated only in custody',
        })
      break
    case 'rm2000':
      if (!input.sexual && !input.violent && !input.combined)
        problems.push({ path: 'sexual', message: 'Select at least one RM2000 category (/S, /V or /C)' })
      break
  }
  if (problems.length) return { problems }
  return { problems, result: bandOf(input) }
}

function bandOf(input: AssessmentInput): BandResult | { band: null; reasons: Reason[] } {
  switch (input.tool) {
    case 'oasys_rosh': {
      const { custody, overall, children, public: toPublic, knownAdult, staff, prisoners } = input
      const ratings: RoshRatings = { overall, children, public: toPublic, knownAdult, staff }
      if (prisoners) ratings.prisoners = prisoners
      return { band: overall, reasons: roshReasons(ratings, custody) }
    }
    case 'rsr':
      return rsrBand(input.percent)
    case 'osp_dc':
      return ospDcBand(input.score)
    case 'osp_iic':
      return ospIicBand({
        imageSanctions: input.imageSanctions,
        childContactSanctions: input.childContactSanctions,
      })
    case 'rm2000': {
      const categories: Partial<Record<Rm2000Scale, RiskLevel>> = {}
      if (input.sexual) categories.sexual = input.sexual
      if (input.violent) categories.violent = input.violent
      if (input.combined) categories.combined = input.combined
      return rm2000Band(categories)
    }
    case 'arms':
    case 'other':
      return { band: null, reasons: [] }
  }
}

const actor = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

export const TOOL_TITLES: Record<RiskTool, string> = {
  oasys_rosh: 'OASys RoSH',
  rsr: 'RSR',
  osp_dc: 'OSP/DC',
  osp_iic: 'OSP/IIC',
  rm2000: 'RM2000',
  arms: 'ARMS',
  other: 'Other tool',
}

const BAND_WORDS: Record<RiskBand, string> = {
  not_applicable: 'not applicable',
  low: 'low',
  medium: 'medium',
  high: 'high',
  very_high: 'very high',
}

/** "OASys RoSH: high", "ARMS", "SARN (other tool)": how an assessment is named in the history. */
export function assessmentTitle(a: Pick<Assessment, 'tool' | 'band' | 'inputs'>) {
  const name = a.tool === 'other' ? `${String(a.inputs.toolName ?? 'Other tool')}` : TOOL_TITLES[a.tool]
  return a.band ? `${name}: ${BAND_WORDS[a.band]}` : name
}

export type RecordResult =
  { kind: 'created'; assessment: Assessment } | { kind: 'invalid'; problems: FieldProblem[] }

/** Records an assessment with its band and when it is due again, and notes it in the history. */
export async function recordAssessment(
  db: Database,
  principal: Principal,
  person: { id: string },
  input: AssessmentInput,
  today: IsoDate,
): Promise<RecordResult> {
  const { problems, result } = evaluate(input, today)
  if (!result) return { kind: 'invalid', problems }
  const due = nextDueDate(input.tool, input.assessedOn, input.nextDueOn, reassessmentIntervalsInUse())
  const data: AssessmentData = { inputs: inputsOf(input), reasons: result.reasons, previousVersions: [] }
  const row = await db.transaction(async (tx) => {
    const inserted = await queries.insertAssessment(tx, {
      personId: person.id,
      tool: input.tool,
      assessedOn: input.assessedOn,
      assessorName: input.assessorName,
      assessorUserId: null,
      data,
      band: result.band,
      nextDueOn: due.dueOn,
      recordedBy: actor(principal),
    })
    const assessment = assessmentOf({ ...inserted, recordedByName: null })
    await recordTimeline(tx, principal, {
      personId: person.id,
      kind: 'risk.assessed',
      title: `Risk assessed: ${assessmentTitle(assessment)}`,
      detail: `Assessed on ${input.assessedOn} by ${input.assessorName}; due again ${due.dueOn}`,
      recordType: 'risk_assessment',
      recordId: inserted.id,
    })
    return inserted
  })
  return { kind: 'created', assessment: assessmentOf({ ...row, recordedByName: null }) }
}

export type CorrectResult =
  | { kind: 'corrected'; assessment: Assessment }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'stale'; current: Assessment }
  | { kind: 'not_found' }

/**
 * Corrects an assessment recorded wrongly. The version read must still be current; the version
 * replaced is kept in the assessment's history with who corrected it, when and why.
 */
export async function correctAssessment(
  db: Database,
  principal: Principal,
  person: { id: string },
  assessmentId: string,
  input: CorrectionInput,
  today: IsoDate,
): Promise<CorrectResult> {
  const ids = await recordIdsOf(db, person.id)
  const found = await queries.findAssessment(db, ids, assessmentId)
  if (!found) return { kind: 'not_found' }
  const current = assessmentOf(found)
  if (input.version !== current.version) return { kind: 'stale', current }
  if (input.tool !== current.tool)
    return {
      kind: 'invalid',
      problems: [
        { path: 'tool', message: `A correction keeps the tool: this is an ${current.tool} assessment` },
      ],
    }
  const { version: _version, reason, ...assessment } = input
  const { problems, result } = evaluate(assessment as AssessmentInput, today)
  if (!result) return { kind: 'invalid', problems }
  const due = nextDueDate(input.tool, input.assessedOn, input.nextDueOn, reassessmentIntervalsInUse())
  const previous: PreviousVersion = {
    version: current.version,
    assessedOn: current.assessedOn,
    assessorName: current.assessorName,
    nextDueOn: current.nextDueOn,
    band: current.band,
    inputs: current.inputs,
    reasons: current.reasons,
    recordedAt: current.recordedAt.toISOString(),
    recordedBy: current.recordedBy,
    correctedAt: new Date().toISOString(),
    correctedBy: actor(principal),
    reason,
  }
  const data: AssessmentData = {
    inputs: inputsOf(input),
    reasons: result.reasons,
    previousVersions: [previous, ...current.previousVersions],
  }
  const saved = await db.transaction(async (tx) => {
    const row = await queries.updateAssessmentIfCurrent(tx, current.id, current.version, {
      assessedOn: input.assessedOn,
      assessorName: input.assessorName,
      data,
      band: result.band,
      nextDueOn: due.dueOn,
      recordedAt: new Date(),
      recordedBy: actor(principal),
    })
    if (!row) return undefined
    await recordTimeline(tx, principal, {
      personId: row.personId,
      kind: 'risk.corrected',
      title: `Risk assessment corrected: ${assessmentTitle(assessmentOf({ ...row, recordedByName: null }))}`,
      detail: reason,
      recordType: 'risk_assessment',
      recordId: row.id,
    })
    return row
  })
  if (!saved) {
    const now = await queries.findAssessment(db, ids, assessmentId)
    return now ? { kind: 'stale', current: assessmentOf(now) } : { kind: 'not_found' }
  }
  return { kind: 'corrected', assessment: assessmentOf({ ...saved, recordedByName: null }) }
}

export async function assessmentsOf(db: Database, personId: string, tool?: RiskTool): Promise<Assessment[]> {
  return (await queries.assessmentsOf(db, await recordIdsOf(db, personId), tool)).map(assessmentOf)
}

export async function findAssessment(db: Database, personId: string, assessmentId: string) {
  const row = await queries.findAssessment(db, await recordIdsOf(db, personId), assessmentId)
  return row && assessmentOf(row)
}

/** Tools are compared per tool, and other tools per name ("SARN" and "sarn" are one tool). */
const toolKey = (a: Assessment) =>
  a.tool === 'other' ? `other:${String(a.inputs.toolName ?? '').toLowerCase()}` : a.tool

/** The latest assessment with each tool, in the order of RISK_TOOLS (newest first within "other"). */
export function latestOfEach(assessments: readonly Assessment[]): Assessment[] {
  const latest = new Map<string, Assessment>()
  for (const a of assessments) if (!latest.has(toolKey(a))) latest.set(toolKey(a), a)
  return [...latest.values()].sort((a, b) => RISK_TOOLS.indexOf(a.tool) - RISK_TOOLS.indexOf(b.tool))
}

/**
 * The latest overall RoSH level and when it was assessed, or null if there is none. Home visits
 * and the plan plan from it; the level names are the rules core's (`RoshLevel`).
 */
export async function currentRiskLevel(
  db: Database,
  personId: string,
): Promise<{ level: RiskLevel; assessedOn: IsoDate; assessmentId: string } | null> {
  const [latest] = await queries.assessmentsOf(db, await recordIdsOf(db, personId), 'oasys_rosh')
  if (!latest?.band || latest.band === 'not_applicable') return null
  return { level: latest.band as RiskLevel, assessedOn: latest.assessedOn, assessmentId: latest.id }
}

/** Overall RoSH over time, oldest first, as the rules core's periods (reactive management uses it). */
export async function roshHistory(db: Database, personId: string): Promise<RiskPeriod[]> {
  const rows = await queries.assessmentsOf(db, await recordIdsOf(db, personId), 'oasys_rosh')
  return rows
    .filter((r) => r.band && r.band !== 'not_applicable')
    .map((r) => ({ rosh: r.band as RiskLevel, from: r.assessedOn }))
    .reverse()
}

/** Assessments due again within 30 days or overdue: one per tool, from the latest of each. */
export async function assessmentsDue(db: Database, personId: string, today: IsoDate): Promise<DueItem[]> {
  const latest = latestOfEach(await assessmentsOf(db, personId))
  return reassessmentsDue(
    personId,
    latest
      .filter((a) => a.nextDueOn)
      .map((a): LatestAssessment => ({
        id: a.id,
        tool: a.tool,
        toolName: a.tool === 'other' ? String(a.inputs.toolName ?? '') : null,
        assessedOn: a.assessedOn,
        nextDueOn: a.nextDueOn!,
      })),
    today,
  )
}

// People at risk ------------------------------------------------------------------------------

export interface PersonAtRisk extends PersonAtRiskRow {
  current: boolean
}

const atRiskOf = (row: PersonAtRiskRow, today: IsoDate): PersonAtRisk => ({
  ...row,
  current: !row.correctedAt && (!row.validTo || row.validTo >= today),
})

export async function peopleAtRiskOf(
  db: Database,
  personId: string,
  today: IsoDate,
): Promise<PersonAtRisk[]> {
  return (await queries.peopleAtRiskOf(db, await recordIdsOf(db, personId))).map((r) => atRiskOf(r, today))
}

export async function findPersonAtRisk(db: Database, personId: string, id: string, today: IsoDate) {
  const row = await queries.findPersonAtRisk(db, await recordIdsOf(db, personId), id)
  return row && atRiskOf(row, today)
}

export type AddAtRiskResult =
  { kind: 'created'; personAtRisk: PersonAtRisk } | { kind: 'invalid'; problems: FieldProblem[] }

/** Names someone at risk from the person, linked to their own record where there is one. */
export async function addPersonAtRisk(
  db: Database,
  principal: Principal,
  person: { id: string },
  input: PersonAtRiskInput,
  today: IsoDate,
): Promise<AddAtRiskResult> {
  const problems: FieldProblem[] = []
  if (input.validFrom && input.validFrom > today)
    problems.push({ path: 'validFrom', message: 'The date they became at risk must be today or in the past' })
  if (input.linkedPersonId) {
    if (input.linkedPersonId === person.id)
      problems.push({
        path: 'linkedPersonId',
        message: 'Link the record of the person at risk, not this one',
      })
    else if ((await personFor(db, principal, input.linkedPersonId)).kind === 'not_found')
      problems.push({ path: 'linkedPersonId', message: 'No record has that ID' })
  }
  if (problems.length) return { kind: 'invalid', problems }
  const row = await db.transaction(async (tx) => {
    const inserted = await queries.insertPersonAtRisk(tx, {
      personId: person.id,
      kind: input.kind,
      name: input.name,
      linkedPersonId: input.linkedPersonId ?? null,
      notes: input.notes,
      validFrom: input.validFrom ?? today,
      recordedBy: actor(principal),
    })
    await recordTimeline(tx, principal, {
      personId: person.id,
      kind: 'risk.person_at_risk_added',
      title: `At risk: ${input.name}`,
      detail: input.notes,
      recordType: 'person_at_risk',
      recordId: inserted.id,
    })
    return inserted
  })
  return { kind: 'created', personAtRisk: atRiskOf(row, today) }
}

export type EndAtRiskResult =
  | { kind: 'ended'; personAtRisk: PersonAtRisk }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'stale'; current: PersonAtRisk }
  | { kind: 'not_found' }

/** Records that someone is no longer at risk; the entry stays in the history. */
export async function endPersonAtRisk(
  db: Database,
  principal: Principal,
  person: { id: string },
  id: string,
  input: EndAtRiskInput,
  today: IsoDate,
): Promise<EndAtRiskResult> {
  const current = await findPersonAtRisk(db, person.id, id, today)
  if (!current) return { kind: 'not_found' }
  if (current.version !== input.version) return { kind: 'stale', current }
  if (current.validFrom && input.date < current.validFrom)
    return {
      kind: 'invalid',
      problems: [
        {
          path: 'date',
          message: `The date must be on or after ${current.validFrom}, when they became at risk`,
        },
      ],
    }
  const row = await db.transaction(async (tx) => {
    const ended = await queries.endPersonAtRiskIfCurrent(tx, id, input.version, input.date)
    if (!ended) return undefined
    await recordTimeline(tx, principal, {
      personId: ended.personId,
      kind: 'risk.person_at_risk_ended',
      title: `No longer at risk: ${ended.name}`,
      detail: `From ${input.date}`,
      recordType: 'person_at_risk',
      recordId: ended.id,
    })
    return ended
  })
  if (!row) {
    const now = await findPersonAtRisk(db, person.id, id, today)
    return now ? { kind: 'stale', current: now } : { kind: 'not_found' }
  }
  return { kind: 'ended', personAtRisk: atRiskOf(row, today) }
}

// The API's representations --------------------------------------------------------------------

export function assessmentJson(a: Assessment) {
  return {
    id: a.id,
    personId: a.personId,
    tool: a.tool,
    assessedOn: a.assessedOn,
    assessorName: a.assessorName,
    nextDueOn: a.nextDueOn,
    band: a.band,
    reasons: a.reasons,
    inputs: a.inputs,
    recordedAt: a.recordedAt.toISOString(),
    version: a.version,
    previousVersions: a.previousVersions.map((p) => ({
      version: p.version,
      assessedOn: p.assessedOn,
      assessorName: p.assessorName,
      nextDueOn: p.nextDueOn,
      band: p.band,
      inputs: p.inputs,
      correctedAt: p.correctedAt,
      reason: p.reason,
    })),
  }
}

export function personAtRiskJson(p: PersonAtRisk) {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    linkedPersonId: p.linkedPersonId,
    notes: p.notes,
    validFrom: p.validFrom,
    validTo: p.validTo,
    current: p.current,
    version: p.version,
  }
}
