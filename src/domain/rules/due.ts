import type { IsoDate } from './dates.js'
import type { Reason } from './reason.js'
import { RULES_VERSION } from './version.js'

export const DUE_KINDS = [
  'initial_notification',
  'change_notification',
  'qualifying_stay_notification',
  'advance_notice_not_occurred',
  'periodic_notification',
  'foreign_travel_notification',
  'household_stay_notification',
  'deregistration_review',
  'level_review',
  'home_visit',
  'victim_contact_referral',
  'victim_liaison_contact',
  'clares_law_initial_checks',
  'clares_law_face_to_face',
  'clares_law_disclosure',
  'sarahs_law_initial_checks',
  'sarahs_law_face_to_face',
  'sarahs_law_completion',
  // Work owned by a person rather than a record: meeting actions, telling a victim of an event.
  'meeting_action',
  'victim_event_contact',
  // Risk management: gaps in the plan, reassessments, and conditions or orders about to end.
  'plan_missing',
  'plan_incomplete',
  'plan_review',
  'plan_entry_review',
  'risk_assessment',
  'condition_ending',
  'order_ending',
] as const
export type DueKind = (typeof DUE_KINDS)[number]

/**
 * - `due`: open and not yet late;
 * - `overdue`: open and past its due date (or due instant);
 * - `paused`: the clock is stopped (custody, hospital, abroad) and has no new date yet;
 * - `done`: met.
 */
export type DueStatus = 'due' | 'overdue' | 'paused' | 'done'

/** One thing someone must do by a date. Every work queue in the service uses this model. */
export interface DueItem {
  /** Stable identity of this clock: recomputing gives the same key. */
  key: string
  kind: DueKind
  /** RuleMeta id of the rule that set the clock. */
  ruleId: string
  subjectId?: string
  title: string
  /** The event that started the clock. */
  startDate: IsoDate
  /** Last day on which it is on time (while paused: the date before the pause moved it). */
  dueDate: IsoDate
  /** Exact deadline where the clock runs in hours: an ISO instant or local date-time. */
  dueAt?: string
  basis: Reason[]
  status: DueStatus
  /** First day of a pause (custody, hospital, abroad). */
  pausedFrom?: IsoDate
  /** Day the paused clock started again; dueDate is then the extended date. */
  resumedOn?: IsoDate
  doneOn?: IsoDate
  rulesVersion: string
}

export interface DueItemInput {
  kind: DueKind
  ruleId: string
  subjectId?: string | undefined
  title: string
  startDate: IsoDate
  dueDate: IsoDate
  dueAt?: string | undefined
  basis: Reason[]
  pausedFrom?: IsoDate | undefined
  resumedOn?: IsoDate | undefined
  /** Paused with no resume date yet. */
  paused?: boolean
  doneOn?: IsoDate | undefined
  /** Discriminates several clocks of the same kind starting on the same day. */
  keySuffix?: string
}

/** Builds a due item and derives its status from today. */
export function dueItem(input: DueItemInput, today: IsoDate, overdueNow?: boolean): DueItem {
  const status: DueStatus = input.doneOn
    ? 'done'
    : input.paused
      ? 'paused'
      : (overdueNow ?? today > input.dueDate)
        ? 'overdue'
        : 'due'
  const item: DueItem = {
    key: [input.kind, input.subjectId ?? '-', input.startDate, input.keySuffix].filter(Boolean).join(':'),
    kind: input.kind,
    ruleId: input.ruleId,
    title: input.title,
    startDate: input.startDate,
    dueDate: input.dueDate,
    basis: input.basis,
    status,
    rulesVersion: RULES_VERSION,
  }
  if (input.subjectId !== undefined) item.subjectId = input.subjectId
  if (input.dueAt !== undefined) item.dueAt = input.dueAt
  if (input.pausedFrom !== undefined) item.pausedFrom = input.pausedFrom
  if (input.resumedOn !== undefined) item.resumedOn = input.resumedOn
  if (input.doneOn !== undefined) item.doneOn = input.doneOn
  return item
}
