import { formatDate } from '../../web/format.js'
import { paths } from '../../web/paths.js'
import type { MeetingRow } from '../meetings/access.js'
import { DISCLOSURE_METHODS } from '../disclosures/service.js'
import { PILLARS, PILLAR_LABELS } from '../plans/pillars.js'
import { CATEGORY_LABELS, LEVEL_LABELS } from '../registrations/service.js'
import { fieldId, versionName } from './fields.js'
import { LEGAL_TESTS } from './form.js'
import { VICTIM_INPUTS, labelOf } from './schema.js'
import type { CaseMinutes } from './service.js'
import { fieldsInOrder } from './service.js'

/**
 * The statement read at the start of every meeting and acknowledged by those attending
 * (MAPPA D, MAPPA Guidance ch.13).
 */
export const CONFIDENTIALITY_STATEMENT = [
  'The information shared at this meeting is confidential. It is shared only for the purpose of assessing and managing the risk of serious harm that the people discussed pose to others.',
  'It must not be disclosed to anyone else, or used for any other purpose, without the agreement of the chair of the meeting. Documents from the meeting are marked OFFICIAL-SENSITIVE and must be kept securely.',
  'Any disclosure of information to a third party must be agreed by the meeting or the chair, and be lawful, necessary and proportionate.',
  'Agencies attending acknowledge that they have heard this statement and will abide by it.',
]

export const meetingTitle = (meeting: MeetingRow) =>
  `Level ${meeting.level} MAPPA meeting, ${formatDate(meeting.heldOn)} at ${meeting.startsAt}`

/** The meeting's sections: attendance, each case's minutes, finalising (MoJ sub-navigation). */
export function meetingNavigation(
  meeting: MeetingRow,
  cases: { meetingCase: { id: string }; givenName: string; familyName: string }[],
  current: string,
) {
  return [
    { text: 'Attendance', href: paths.meetings.attendance(meeting.id) },
    ...cases.map((c, i) => ({
      text: `Case ${i + 1}: ${c.givenName} ${c.familyName}`,
      href: paths.meetings.minutes(meeting.id, c.meetingCase.id),
    })),
    { text: 'Finalise', href: paths.meetings.finalise(meeting.id) },
  ].map((item) => ({ ...item, active: item.href === current }))
}

type TextView = ReturnType<typeof fieldsInOrder>['risk'][number]

/** A text field as the page shows it: the autosave script reads the data attributes. */
function textView(
  meeting: MeetingRow,
  minutes: CaseMinutes,
  field: TextView,
  typed?: Record<string, unknown>,
) {
  const value = typed && typeof typed[field.key] === 'string' ? (typed[field.key] as string) : field.value
  const version =
    typed && typeof typed[versionName(field.key)] === 'string' ? typed[versionName(field.key)] : field.version
  return {
    ...field,
    id: fieldId(field.key),
    value,
    versionName: versionName(field.key),
    versionValue: String(version),
    saveUrl: paths.meetings.minutesField(meeting.id, minutes.meetingCase.id, field.key),
  }
}

export interface PageState {
  /** What the user typed, kept when a form is shown again. */
  values?: Record<string, unknown>
  errors?: Record<string, string>
  /** Fields whose save lost a race: the other person's text, to merge with what was typed. */
  conflicts?: { key: string; label: string; theirs: string; theirVersion: number }[]
}

/** Everything the minutes page shows for one case. */
export function minutesView(meeting: MeetingRow, minutes: CaseMinutes, state: PageState = {}) {
  const c = minutes.meetingCase
  const values = state.values
  const fields = fieldsInOrder(minutes)
  const text = (list: TextView[]) => list.map((f) => textView(meeting, minutes, f, values))
  const registration = minutes.registration
  const plan = minutes.plan.current
  const chosen = (name: string, stored: unknown) =>
    values && name in values
      ? String(values[name] ?? '')
      : stored === null || stored === undefined
        ? ''
        : String(stored)
  const labels = new Map(
    Object.values(fields)
      .flat()
      .map((f) => [f.key, f.label]),
  )
  return {
    caseId: c.id,
    version: values && typeof values.version === 'string' ? values.version : String(c.version),
    person: minutes.person,
    personHref: paths.people.show(minutes.person.id),
    registration: registration && {
      category: CATEGORY_LABELS[registration.category],
      level: LEVEL_LABELS[registration.level],
    },
    sectionAction: paths.meetings.minutes(meeting.id, c.id),
    decisionAction: (decision: string) => paths.meetings.decision(meeting.id, c.id, decision),
    information: text(fields.information),
    risk: text(fields.risk),
    planFields: text(fields.plan),
    victimFields: text(fields.victims),
    levelFields: text(fields.level),
    dissent: text(fields.dissent),
    unmerged: minutes.conflicts.map((x) => ({ ...x, label: labels.get(x.field) ?? x.field })),
    plan: plan && {
      number: plan.number,
      href: paths.people.planVersion(minutes.person.id, plan.number),
      pillars: PILLARS.map((p) => ({
        label: PILLAR_LABELS[p],
        entries: plan.entries.filter((e) => e.pillar === p).map((e) => e.text),
      })),
    },
    meetingPlan: minutes.meetingPlan && {
      ...minutes.meetingPlan,
      href:
        minutes.meetingPlan.status === 'draft'
          ? paths.people.planEdit(minutes.person.id, minutes.meetingPlan.number)
          : paths.people.planVersion(minutes.person.id, minutes.meetingPlan.number),
    },
    victimWarning: minutes.victimWarning,
    victimRequests: minutes.victimRequests,
    victimInputs: VICTIM_INPUTS.map((v) => ({
      ...v,
      checked: chosen('victimInput', c.victimInput) === v.value,
    })),
    victimInputText: c.victimInput ? labelOf(VICTIM_INPUTS, c.victimInput) : null,
    disclosureDecision: c.disclosureDecision,
    disclosureNotNeededReason: c.disclosureNotNeededReason,
    disclosures: minutes.disclosures.map((d) => ({
      ...d,
      methodText: labelOf(DISCLOSURE_METHODS, d.method),
      href: paths.disclosures.show(d.id),
    })),
    disclose: chosen(
      'disclose',
      c.disclosureDecision === 'not_needed' ? 'no' : c.disclosureDecision ? 'yes' : '',
    ),
    methods: DISCLOSURE_METHODS.map((m) => ({ ...m, checked: chosen('method', null) === m.value })),
    tests: LEGAL_TESTS.map((t) => ({
      name: t,
      value: 'yes',
      text: `The disclosure is ${t}`,
      checked: values?.[t] === 'yes',
    })),
    levelChoice: chosen('level', c.levelDecision ?? registration?.level),
    categoryChoice: chosen('category', c.categoryDecision ?? registration?.category),
    levels: [1, 2, 3].map((l) => ({ value: String(l), text: LEVEL_LABELS[l] })),
    categories: [1, 2, 3, 4].map((n) => ({ value: String(n), text: CATEGORY_LABELS[n] })),
    nextReviewOn: c.nextReviewOn,
    defaultReview: minutes.defaultReview,
    actions: minutes.actions.map((a) => ({
      ...a,
      setHere: a.meetingId === meeting.id,
    })),
    newActionHref: paths.meetings.newAction(meeting.id, c.id),
    conflicts: Object.fromEntries((state.conflicts ?? []).map((x) => [x.key, x])),
    errors: state.errors ?? {},
  }
}
