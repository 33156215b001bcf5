import {
  BAND_LABELS,
  RISK_LEVEL_LABELS,
  RISK_TOOL_LABELS,
  RISK_TOOLS,
  ROSH_GROUPS,
  ROSH_GROUP_LABELS,
  RM2000_SCALES,
  RM2000_SCALE_LABELS,
  type RiskBand,
  type RiskLevel,
  type RiskTool,
  compareBands,
} from '../../domain/risk/index.js'
import type { IsoDate } from '../../domain/rules/index.js'
import { formatDate, formatInstant } from '../../web/format.js'
import { paths } from '../../web/paths.js'
import { AT_RISK_LABELS } from './schema.js'
import { type Assessment, type PersonAtRisk, TOOL_TITLES, latestOfEach } from './service.js'

/** GOV.UK tag colours by band: the higher the risk, the warmer the colour. */
const BAND_CLASSES: Record<RiskBand, string> = {
  not_applicable: 'govuk-tag--grey',
  low: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--orange',
  very_high: 'govuk-tag--red',
}

export const bandTag = (band: RiskBand | null) =>
  band ? { text: BAND_LABELS[band], classes: BAND_CLASSES[band] } : undefined

const levelText = (value: unknown) =>
  typeof value === 'string' && value in RISK_LEVEL_LABELS
    ? RISK_LEVEL_LABELS[value as RiskLevel]
    : 'Not rated'

/** One line saying what the tool found, from its inputs. */
export function resultText(a: Pick<Assessment, 'tool' | 'inputs'>): string {
  const i = a.inputs
  switch (a.tool) {
    case 'oasys_rosh':
      return ROSH_GROUPS.filter((g) => i[g])
        .map((g) => `${ROSH_GROUP_LABELS[g]} ${levelText(i[g]).toLowerCase()}`)
        .join(', ')
    case 'rsr':
      return `${String(i.percent)}%`
    case 'osp_dc':
      return `Score ${String(i.score)} of 64`
    case 'osp_iic':
      return `${String(i.imageSanctions)} indecent image and ${String(i.childContactSanctions)} child contact sanctions`
    case 'rm2000':
      return RM2000_SCALES.filter((s) => i[s])
        .map((s) => `${RM2000_SCALE_LABELS[s].split(' ')[0]} ${levelText(i[s]).toLowerCase()}`)
        .join(', ')
    case 'arms':
      return String(i.outcomeSummary ?? '')
    case 'other':
      return String(i.result ?? '')
  }
}

const toolName = (a: Pick<Assessment, 'tool' | 'inputs'>) =>
  a.tool === 'other' ? String(a.inputs.toolName ?? 'Other tool') : TOOL_TITLES[a.tool]

function dueView(a: Assessment, today: IsoDate) {
  if (!a.nextDueOn) return { text: 'Not set' }
  const overdue = a.nextDueOn < today
  return { text: formatDate(a.nextDueOn), overdue }
}

/** The latest assessment with each tool, for the summary table. */
function latestView(a: Assessment, personId: string, today: IsoDate) {
  return {
    id: a.id,
    tool: a.tool,
    name: toolName(a),
    band: bandTag(a.band),
    result: resultText(a),
    assessedOn: formatDate(a.assessedOn),
    assessorName: a.assessorName ?? 'Not recorded',
    due: dueView(a, today),
    href: paths.people.riskAssessment(personId, a.id),
  }
}

/** How a band moved from the assessment before it with the same tool. */
function movement(band: RiskBand | null, before: RiskBand | null | undefined) {
  if (before === undefined) return 'First assessment'
  if (!band || !before) return ''
  const c = compareBands(band, before)
  return c > 0
    ? `Up from ${BAND_LABELS[before].toLowerCase()}`
    : c < 0
      ? `Down from ${BAND_LABELS[before].toLowerCase()}`
      : 'No change'
}

/** Every assessment with each tool, newest first, with how its band moved from the one before. */
function historyViews(assessments: readonly Assessment[], personId: string, today: IsoDate) {
  const byTool = new Map<string, Assessment[]>()
  for (const a of assessments) {
    const key = a.tool === 'other' ? `other:${toolName(a).toLowerCase()}` : a.tool
    byTool.set(key, [...(byTool.get(key) ?? []), a])
  }
  return [...byTool.entries()]
    .sort(([, [a]], [, [b]]) => RISK_TOOLS.indexOf(a!.tool) - RISK_TOOLS.indexOf(b!.tool))
    .map(([key, list]) => ({
      key: key.replace(/[^a-z0-9_]+/gi, '-'),
      title: list[0]!.tool === 'other' ? toolName(list[0]!) : RISK_TOOL_LABELS[list[0]!.tool],
      rows: list.map((a, n) => ({
        id: a.id,
        assessedOn: formatDate(a.assessedOn),
        band: bandTag(a.band),
        result: resultText(a),
        movement: movement(a.band, list[n + 1] ? list[n + 1]!.band : undefined),
        assessorName: a.assessorName ?? 'Not recorded',
        due: dueView(a, n === 0 ? today : '0000-01-01'),
        corrected: a.previousVersions.length > 0,
        href: paths.people.riskAssessment(personId, a.id),
      })),
    }))
}

function atRiskView(p: PersonAtRisk, personId: string) {
  return {
    id: p.id,
    name: p.name,
    kind: AT_RISK_LABELS[p.kind as keyof typeof AT_RISK_LABELS] ?? p.kind,
    linkedHref: p.linkedPersonId ? paths.people.show(p.linkedPersonId) : undefined,
    notes: p.notes,
    from: formatDate(p.validFrom),
    to: formatDate(p.validTo),
    endHref: paths.people.endPersonAtRisk(personId, p.id),
  }
}

/** Everything the risk page shows: the latest of each tool, who is at risk, and the history. */
export function riskPageView(
  assessments: readonly Assessment[],
  peopleAtRisk: readonly PersonAtRisk[],
  personId: string,
  today: IsoDate,
) {
  const latest = latestOfEach(assessments)
  const rosh = latest.find((a) => a.tool === 'oasys_rosh')
  return {
    overall: rosh && {
      band: bandTag(rosh.band),
      assessedOn: formatDate(rosh.assessedOn),
      groups: ROSH_GROUPS.map((g) => ({
        key: { text: ROSH_GROUP_LABELS[g] },
        value: { text: levelText(rosh.inputs[g]) },
      })),
    },
    latest: latest.map((a) => latestView(a, personId, today)),
    overdueCount: latest.filter((a) => a.nextDueOn && a.nextDueOn < today).length,
    history: historyViews(assessments, personId, today),
    atRisk: peopleAtRisk.filter((p) => p.current).map((p) => atRiskView(p, personId)),
    formerlyAtRisk: peopleAtRisk.filter((p) => !p.current).map((p) => atRiskView(p, personId)),
  }
}

/** One assessment in full, with the versions corrections replaced. */
export function assessmentView(a: Assessment, personId: string, today: IsoDate) {
  const rows = (
    band: RiskBand | null,
    inputs: Record<string, unknown>,
    assessedOn: string,
    assessorName: string | null,
    nextDueOn: string | null,
  ) => [
    {
      key: { text: 'Tool' },
      value: { text: a.tool === 'other' ? String(inputs.toolName ?? '') : RISK_TOOL_LABELS[a.tool] },
    },
    { key: { text: 'Result' }, value: { text: resultText({ tool: a.tool, inputs }) || 'Not recorded' } },
    ...(a.tool === 'oasys_rosh'
      ? [
          { key: { text: 'Assessed in custody' }, value: { text: inputs.custody ? 'Yes' : 'No' } },
          { key: { text: 'Overall risk of serious harm' }, value: { text: levelText(inputs.overall) } },
        ]
      : []),
    ...(band ? [{ key: { text: 'Band' }, value: { text: BAND_LABELS[band] } }] : []),
    { key: { text: 'Assessed on' }, value: { text: formatDate(assessedOn) } },
    { key: { text: 'Assessor' }, value: { text: assessorName ?? 'Not recorded' } },
    { key: { text: 'Due again' }, value: { text: formatDate(nextDueOn) || 'Not set' } },
  ]
  return {
    title: `${toolName(a)} assessment of ${formatDate(a.assessedOn)}`,
    band: bandTag(a.band),
    rows: [
      ...rows(a.band, a.inputs, a.assessedOn, a.assessorName, a.nextDueOn),
      {
        key: { text: 'Recorded' },
        value: { text: `${formatInstant(a.recordedAt)} by ${a.recordedByName ?? 'a partner system'}` },
      },
    ],
    overdue: !!a.nextDueOn && a.nextDueOn < today,
    reasons: a.reasons,
    previous: a.previousVersions.map((p) => ({
      title: `Version ${p.version}, replaced ${formatInstant(p.correctedAt)}`,
      reason: p.reason,
      rows: rows(p.band, p.inputs, p.assessedOn, p.assessorName, p.nextDueOn),
    })),
    correctHref: paths.people.correctRiskAssessment(personId, a.id),
  }
}

export const toolOptions = () =>
  RISK_TOOLS.map((tool: RiskTool) => ({ value: tool, text: RISK_TOOL_LABELS[tool] }))
