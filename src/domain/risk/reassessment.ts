import { addDays, addDuration, type IsoDate } from '../rules/dates.js'
import { type DueItem, dueItem } from '../rules/due.js'
import { type Reason, reason } from '../rules/reason.js'
import { RISK_TOOL_LABELS, type RiskTool } from './bands.js'

/**
 * How long after an assessment it is due again, when the assessor does not set the date.
 * These intervals are LOCAL POLICY, not law or national guidance [U]: set them to what the
 * area's practice says. The assessor can always set a different date on the assessment.
 */
export const DEFAULT_REASSESSMENT_INTERVALS: Record<RiskTool, string> = {
  oasys_rosh: 'P16W',
  rsr: 'P16W',
  osp_dc: 'P16W',
  osp_iic: 'P16W',
  rm2000: 'P12M',
  arms: 'P12M',
  other: 'P6M',
}

export const REASSESSMENT_REF = 'Local policy on reassessment intervals (configurable) [unconfirmed]'

/** How far ahead an assessment falling due again shows in the work queue. */
export const DUE_SOON_DAYS = 30

/** The date an assessment is due again: the assessor's date, or the local default after it. */
export function nextDueDate(
  tool: RiskTool,
  assessedOn: IsoDate,
  set: IsoDate | null | undefined,
  intervals: Record<RiskTool, string> = DEFAULT_REASSESSMENT_INTERVALS,
): { dueOn: IsoDate; reasons: Reason[] } {
  if (set)
    return {
      dueOn: set,
      reasons: [reason(`The assessor set the next assessment for ${set}.`, REASSESSMENT_REF)],
    }
  const interval = intervals[tool]
  return {
    dueOn: addDuration(assessedOn, interval),
    reasons: [
      reason(
        `No date was set, so the local default applies: ${interval} after the assessment of ${assessedOn}.`,
        REASSESSMENT_REF,
      ),
    ],
  }
}

export interface LatestAssessment {
  id: string
  tool: RiskTool
  /** For another tool: its name, so each named tool is due on its own. */
  toolName?: string | null
  assessedOn: IsoDate
  nextDueOn: IsoDate
}

/**
 * Assessments due again within DUE_SOON_DAYS of today, or overdue: one per tool (and per named
 * other tool), from the latest assessment of each.
 */
export function reassessmentsDue(
  subjectId: string,
  latest: readonly LatestAssessment[],
  today: IsoDate,
): DueItem[] {
  const horizon = addDays(today, DUE_SOON_DAYS)
  return latest
    .filter((a) => a.nextDueOn <= horizon)
    .map((a) => {
      const name = a.tool === 'other' && a.toolName ? a.toolName : RISK_TOOL_LABELS[a.tool]
      return dueItem(
        {
          kind: 'risk_assessment',
          ruleId: 'risk.reassessment',
          subjectId,
          title: `${name} due again`,
          startDate: a.assessedOn,
          dueDate: a.nextDueOn,
          keySuffix: [a.tool, a.toolName].filter(Boolean).join(':'),
          basis: [reason(`Last assessed ${a.assessedOn}; due again ${a.nextDueOn}.`, REASSESSMENT_REF)],
        },
        today,
      )
    })
}
