import type { RulesConfig } from './config.js'
import { maxDate, type IsoDate } from './dates.js'
import { describeDisposal, imprisonmentOf, isHospital, termAtLeastMonths } from './disposal.js'
import type { RuleMeta } from './meta.js'
import {
  MURDER_OFFENCE_ID,
  courtOf,
  lineLabel,
  lineRef,
  sentenceDateOf,
  type Conviction,
  type OffenceCatalogue,
} from './model.js'
import { assessNotification, type NotificationSummary, type PersonRecord } from './notification-period.js'
import { reason, triAnd, type Reason, type Tri } from './reason.js'
import { REF } from './references.js'

export type EligibilityStatus = 'eligible' | 'not_eligible' | 'needs_review'

export interface Category2LineAssessment {
  qualifies: Tri
  /** Last day of the licence or order behind it: null = no end (life); undefined = not recorded. */
  endDate: IsoDate | null | undefined
  reasons: Reason[]
}

/** Is the offence one that can put a person in Category 2 (s.327(3)(a), (4A))? */
function category2Offence(
  conviction: Conviction,
  lineIndex: number,
  catalogue: OffenceCatalogue,
  config: RulesConfig,
): { value: Tri; why: Reason } {
  const line = conviction.offences[lineIndex]
  const offence = line?.offenceId ? catalogue.get(line.offenceId) : undefined
  if (!line || !offence)
    return {
      value: 'unknown',
      why: reason(
        'the offence is not in the catalogue: check by hand whether it is murder or in Schedule 15 Part 1 or 2',
        REF.catalogue,
      ),
    }
  if (offence.cat2Direct && !offence.unconfirmed)
    return offence.id === MURDER_OFFENCE_ID
      ? { value: true, why: reason('murder', REF.cat2Offence) }
      : { value: true, why: reason('an offence named in s.327(4A)', REF.cat2Direct) }
  if (offence.cat2Direct) {
    const setting = config.unconfirmedDirectTriggers
    const text = `possibly named in s.327(4A), unconfirmed (${offence.unconfirmed}); configured: ${setting.replaceAll('_', ' ')}`
    return {
      value: setting === 'trigger' ? true : setting === 'ignore' ? false : 'unknown',
      why: reason(text, REF.cat2Direct),
    }
  }
  if (offence.sched15Part === 1 || offence.sched15Part === 2)
    return {
      value: true,
      why: reason(
        `a Schedule 15 Part ${offence.sched15Part} (${offence.sched15Part === 1 ? 'violent' : 'sexual'}) offence`,
        REF.cat2Offence,
      ),
    }
  if (offence.sched15Part === 3)
    return {
      value: config.sched15Part3.category2Trigger,
      why: reason(
        `a Schedule 15 Part 3 (terrorism) offence, which s.327(3)(a) does not name; configured as ${config.sched15Part3.category2Trigger ? '' : 'not '}a trigger`,
        REF.sched15Part3,
      ),
    }
  return {
    value: false,
    why: reason('not murder, not in Schedule 15 Part 1 or 2 and not named in s.327(4A)', REF.cat2Offence),
  }
}

/** Whether one offence line meets CJA 2003 s.327(3) or (4). */
export function assessCategory2Line(
  conviction: Conviction,
  lineIndex: number,
  catalogue: OffenceCatalogue,
  config: RulesConfig,
): Category2LineAssessment {
  const line = conviction.offences[lineIndex]
  if (!line) throw new RangeError(`No offence line ${lineIndex}`)
  const offence = line.offenceId ? catalogue.get(line.offenceId) : undefined
  const where = `${lineRef(conviction, lineIndex)} (${lineLabel(line, offence)})`
  const d = line.disposal
  const endDate =
    d.type === 'life' || d.type === 'indeterminate'
      ? null
      : isHospital(d) || d.type === 'guardianship_order' || d.type === 'suspended_sentence'
        ? d.orderEndDate
        : d.licenceEndDate
  if (conviction.type === 'caution')
    return {
      qualifies: false,
      endDate,
      reasons: [reason(`${where}: a caution never leads to Category 2.`, REF.cat2Sentence)],
    }
  if (courtOf(conviction) !== 'england_wales')
    return {
      qualifies: false,
      endDate,
      reasons: [
        reason(
          `${where}: Category 2 needs a conviction or finding by a court in England and Wales.`,
          REF.cat2Offence,
        ),
      ],
    }
  const finding = conviction.type !== 'conviction'
  const offenceTest = category2Offence(conviction, lineIndex, catalogue, config)
  let sentence: Tri
  let sentenceText: string
  if (finding) {
    sentence = isHospital(d) || d.type === 'guardianship_order'
    sentenceText = sentence
      ? `finding with ${describeDisposal(d)}`
      : `finding with ${describeDisposal(d)} (only a hospital or guardianship order qualifies)`
  } else if (isHospital(d) || d.type === 'guardianship_order') {
    sentence = true
    sentenceText = describeDisposal(d)
  } else {
    const imprisonment = imprisonmentOf(d, 'category2', config)
    sentence = termAtLeastMonths(imprisonment, 12, sentenceDateOf(conviction))
    sentenceText =
      imprisonment.kind === 'none'
        ? `${describeDisposal(d)}, which is not custody of 12 months or more or a hospital or guardianship order`
        : sentence === 'unknown'
          ? `${describeDisposal(d)}, length not recorded (12 months or more needed)`
          : `${describeDisposal(d)}${sentence ? '' : ' (less than 12 months)'}`
  }
  const qualifies = triAnd(offenceTest.value, sentence)
  const verdict =
    qualifies === true
      ? 'qualifies for Category 2'
      : qualifies === false
        ? 'does not qualify for Category 2'
        : 'Category 2 needs review'
  const reasons = [
    reason(
      `${where}: ${verdict} — offence: ${offenceTest.why.text}; sentence: ${sentenceText}.`,
      `${offenceTest.why.reference}; ${finding ? REF.cat2Finding : REF.cat2Sentence}`,
    ),
  ]
  if (qualifies === true && endDate === undefined)
    reasons.push(
      reason(
        `${where}: the ${isHospital(d) ? 'order' : 'licence'} end date is not recorded; Category 2 lasts until it ends.`,
        REF.catEnd,
      ),
    )
  return { qualifies, endDate, reasons }
}

export interface LineAssessment {
  convictionIndex: number
  lineIndex: number
  label: string
  schedule3: Tri
  category2: Tri
  reasons: Reason[]
}

/** The category decision with everything behind it. */
export interface CategoryDecision {
  status: EligibilityStatus
  category: 1 | 2 | null
  reasons: Reason[]
  notification: NotificationSummary | null
  category1: { result: Tri; endedOn?: IsoDate }
  category2: { result: Tri; endedOn?: IsoDate }
  lines: LineAssessment[]
}

/**
 * Category 1 first (subject to notification), then Category 2. Categories 3 and 4 are set
 * by people with a reason and never computed. With `today`, a category whose basis has
 * ended no longer applies (see deregistration).
 */
export function decideCategory(
  person: PersonRecord,
  convictions: readonly Conviction[],
  catalogue: OffenceCatalogue,
  config: RulesConfig,
  today?: IsoDate,
): CategoryDecision {
  const n = assessNotification(person, convictions, catalogue, config, today)
  const lines: LineAssessment[] = []
  const cat2: Category2LineAssessment[] = []
  convictions.forEach((conviction, ci) =>
    conviction.offences.forEach((line, li) => {
      const c2 = assessCategory2Line(conviction, li, catalogue, config)
      cat2.push(c2)
      const s3 = n.lines[ci]?.[li]
      lines.push({
        convictionIndex: ci,
        lineIndex: li,
        label: lineLabel(line, line.offenceId ? catalogue.get(line.offenceId) : undefined),
        schedule3: s3?.applies ?? 'unknown',
        category2: c2.qualifies,
        reasons: [...(s3?.reasons ?? []), ...c2.reasons],
      })
    }),
  )
  const active = (end: IsoDate | null | undefined) =>
    !today || end === null || end === undefined || end >= today
  const c2Current = cat2.some((c) => c.qualifies === true && active(c.endDate))
  const c2Possible = cat2.some((c) => c.qualifies !== false && active(c.endDate))
  const c2Result: Tri = c2Current ? true : c2Possible ? 'unknown' : false
  const c2Ends = cat2.filter((c) => c.qualifies === true).map((c) => c.endDate)
  const category2: CategoryDecision['category2'] = { result: c2Result }
  if (!c2Possible && c2Ends.length > 0 && c2Ends.every((e): e is IsoDate => typeof e === 'string'))
    category2.endedOn = c2Ends.reduce(maxDate)

  const reasons: Reason[] = []
  let status: EligibilityStatus
  let category: 1 | 2 | null = null
  if (n.subject === true) {
    category = 1
    status = n.periodUncertain ? 'needs_review' : 'eligible'
    reasons.push(reason('Category 1: subject to the notification requirements of SOA 2003 Part 2.', REF.cat1))
    if (n.periodUncertain)
      reasons.push(
        reason('The notification period needs review: a missing fact could change it.', REF.soaPeriodTable),
      )
  } else if (n.subject === 'unknown') {
    status = 'needs_review'
    category = c2Current ? 2 : null
    reasons.push(
      reason(
        `Category 1 cannot be ruled out until the missing facts are recorded${c2Current ? '; meanwhile the person meets Category 2' : ''}.`,
        REF.catPrecedence,
      ),
    )
  } else if (c2Current) {
    status = 'eligible'
    category = 2
    reasons.push(
      reason(
        'Category 2: not subject to notification, and convicted of a qualifying offence with a qualifying sentence.',
        REF.cat2Sentence,
      ),
    )
  } else if (c2Possible) {
    status = 'needs_review'
    reasons.push(
      reason('Category 2 cannot be decided until the missing facts are recorded.', REF.cat2Sentence),
    )
  } else {
    status = 'not_eligible'
    reasons.push(
      reason('Neither Category 1 nor Category 2 applies on the recorded facts.', REF.mappaCategories),
    )
  }
  reasons.push(...lines.flatMap((l) => l.reasons))
  reasons.push(...n.reasons.filter((r) => !lines.some((l) => l.reasons.includes(r))))
  if (category2.endedOn)
    reasons.push(reason(`The Category 2 basis (licence or order) ended on ${category2.endedOn}.`, REF.catEnd))
  if (status !== 'eligible')
    reasons.push(
      reason(
        'Categories 3 and 4 are never computed: the Responsible Authority decides them, with reasons.',
        REF.cat3,
      ),
    )
  const category1: CategoryDecision['category1'] = { result: n.subject }
  if (n.endedOn) category1.endedOn = n.endedOn
  return { status, category, reasons, notification: n.notification, category1, category2, lines }
}

/** The `GET /api/v1/people/{id}/mappa-eligibility` response. */
export interface EligibilityResult {
  status: EligibilityStatus
  category: 1 | 2 | null
  reasons: Reason[]
  notification: NotificationSummary | null
}

/** The MAPPA eligibility decision in the shape of the API contract, nothing more. */
export function assessEligibility(
  person: PersonRecord,
  convictions: readonly Conviction[],
  catalogue: OffenceCatalogue,
  config: RulesConfig,
  today?: IsoDate,
): EligibilityResult {
  const d = decideCategory(person, convictions, catalogue, config, today)
  return { status: d.status, category: d.category, reasons: d.reasons, notification: d.notification }
}

export const categoryRules: RuleMeta[] = [
  {
    id: 'category.1',
    area: 'Category',
    title: 'Category 1: registered sexual offenders',
    description:
      'A person subject to the notification requirements of SOA 2003 Part 2 is Category 1. Category 1 is decided first and takes precedence: a person is in one category only.',
    references: [REF.cat1, REF.catPrecedence],
    effectiveFrom: '2005-04-04',
    confidence: 'confirmed',
  },
  {
    id: 'category.2',
    area: 'Category',
    title: 'Category 2: violent and other sexual offenders',
    description:
      'Otherwise, a person convicted by a court in England and Wales of murder, of an offence in Schedule 15 Part 1 (violent) or Part 2 (sexual), or of an offence named in s.327(4A) (child abduction by a parent), and given imprisonment or detention of 12 months or more (including life, IPP/DPP, His Majesty’s pleasure, extended sentences, a suspended sentence of 12 months or more and a DTO of 12 months or more) or a hospital or guardianship order, is Category 2. So is a person found not guilty by insanity, or under a disability and to have done the act, for such an offence, with a hospital or guardianship order. A caution never qualifies. Each line of each conviction is listed with why it did or did not qualify.',
    references: [REF.cat2Offence, REF.cat2Sentence, REF.cat2Finding, REF.cat2Direct, REF.suspendedSentence],
    effectiveFrom: '2005-04-04',
    confidence: 'confirmed',
  },
  {
    id: 'category.2-terrorism',
    area: 'Category',
    title: 'Schedule 15 Part 3 (terrorism) offences',
    description:
      'Section 327(3)(a) names Parts 1 and 2 of Schedule 15 only, so Part 3 offences are not a Category 2 trigger unless configured.',
    references: [REF.sched15Part3],
    effectiveFrom: '2005-04-04',
    confidence: 'unconfirmed',
    configKey: 'sched15Part3.category2Trigger',
  },
  {
    id: 'category.2-direct-unconfirmed',
    area: 'Category',
    title: 'Other s.327(4A) offences',
    description:
      'Only s.327(4A)(a) (Child Abduction Act 1984 s.1) is confirmed. Catalogue rows for other possible s.327(4A) offences (such as s.2 of that Act) are treated as configured: by default the answer is “needs review”.',
    references: [REF.cat2Direct],
    effectiveFrom: '2005-04-04',
    confidence: 'unconfirmed',
    configKey: 'unconfirmedDirectTriggers',
  },
  {
    id: 'category.3-4',
    area: 'Category',
    title: 'Categories 3 and 4 are not computed',
    description:
      'Category 3 (other dangerous offenders) and Category 4 (terrorism risk) are set by the Responsible Authority with a recorded reason; the rules never compute them.',
    references: [REF.cat3, REF.cat4],
    effectiveFrom: '2005-04-04',
    confidence: 'confirmed',
  },
  {
    id: 'category.needs-review',
    area: 'Category',
    title: 'Missing facts mean “needs review”',
    description:
      'When a fact a rule needs is missing (victim age, date of birth, sentence length, an offence not in the catalogue, a conviction outside England and Wales) the answer is “needs review” with the missing fact named — never “not eligible”. The category shown is the one already established: Category 1 when notification is certain but its period is not; Category 2 when that is certain but Category 1 cannot yet be ruled out.',
    references: [REF.catPrecedence],
    effectiveFrom: '2005-04-04',
    confidence: 'confirmed',
  },
]
