import type { Offence } from '../offence.js'
import { offenderAgesAtOffence } from './ages.js'
import type { RulesConfig } from './config.js'
import {
  evaluateCondition,
  explainAtoms,
  parseCondition,
  type Condition,
  type ConditionFacts,
} from './condition.js'
import { imprisonmentOf, isHospital } from './disposal.js'
import type { IsoDate } from './dates.js'
import type { RuleMeta } from './meta.js'
import {
  courtOf,
  lineLabel,
  lineRef,
  offenceDates,
  sentenceDateOf,
  type Conviction,
  type OffenceCatalogue,
  type OffenceLine,
} from './model.js'
import { reason, triAll, type Reason, type Tri } from './reason.js'
import { REF } from './references.js'
import { hasLength, span, spanOf } from './span.js'

/** Convictions before this date count only in the cases in SOA 2003 s.81(3). */
const SEX_OFFENDERS_ACT_1997_START: IsoDate = '1997-09-01'

export interface Schedule3Assessment {
  /** Whether this line makes the person subject to notification. */
  applies: Tri
  offence: Offence | undefined
  reasons: Reason[]
}

const parsed = new Map<string, Condition | Error>()

function conditionOf(source: string): Condition | Error {
  let c = parsed.get(source)
  if (!c) {
    try {
      c = parseCondition(source)
    } catch (e) {
      c = e instanceof Error ? e : new Error(String(e))
    }
    parsed.set(source, c)
  }
  return c
}

export function conditionFacts(
  conviction: Conviction,
  line: OffenceLine,
  offenderAge: number | null,
  config: RulesConfig,
): ConditionFacts {
  const d = line.disposal
  const community =
    d.type === 'community_order'
      ? hasLength(d)
        ? { min: spanOf(d), max: spanOf(d) }
        : { min: span({}), max: null }
      : d.type === 'other'
        ? { min: span({}), max: null } // an "other" disposal may be a community sentence
        : 'none'
  return {
    offenderAge,
    victimAge:
      line.victimAge !== undefined
        ? { exact: line.victimAge }
        : line.victimAgeUnder !== undefined
          ? { under: line.victimAgeUnder }
          : null,
    imprisonment: imprisonmentOf(d, 'notification', config),
    hospital: isHospital(d),
    hospitalRestriction: d.type === 'hospital_order_restricted',
    community,
    convictionDate: conviction.date,
    sentenceDate: sentenceDateOf(conviction),
    sexualGratification: line.sexualGratification ?? null,
  }
}

/** Does this offence line make the person subject to notification (SOA 2003 s.80, Sch.3)? */
export function assessSchedule3(
  dateOfBirth: IsoDate | null | undefined,
  conviction: Conviction,
  lineIndex: number,
  catalogue: OffenceCatalogue,
  config: RulesConfig,
): Schedule3Assessment {
  const line = conviction.offences[lineIndex]
  if (!line) throw new RangeError(`No offence line ${lineIndex}`)
  const offence = line.offenceId ? catalogue.get(line.offenceId) : undefined
  const where = `${lineRef(conviction, lineIndex)} (${lineLabel(line, offence)})`
  const out = (applies: Tri, ...reasons: Reason[]): Schedule3Assessment => ({ applies, offence, reasons })

  if (conviction.type === 'conviction' && line.disposal.type === 'absolute_discharge')
    return out(
      false,
      reason(
        `${where}: an absolute discharge is not a conviction for notification (only conditional discharges are saved by s.134).`,
        REF.absoluteDischarge,
      ),
    )
  const court = courtOf(conviction)
  if (court === 'overseas' && !conviction.notificationOrderDate)
    return out(
      false,
      reason(
        `${where}: an overseas conviction leads to notification only through a notification order.`,
        REF.soaNotificationOrder,
      ),
    )
  // The catalogue holds the England and Wales list; an offence that is neither listed nor
  // sexual there is taken as unlisted in the other UK lists too.
  const plainlyUnlisted = offence !== undefined && !offence.sched3Paragraph && offence.sched15Part !== 2
  if ((court === 'scotland' || court === 'northern_ireland') && !plainlyUnlisted)
    return out(
      'unknown',
      reason(
        `${where}: dealt with in ${court === 'scotland' ? 'Scotland' : 'Northern Ireland'}; notification applies UK-wide but the catalogue holds only the England and Wales Schedule 3 list, so check the Schedule 3 entry by hand.`,
        REF.soaNotifiable,
      ),
    )
  if (conviction.date < SEX_OFFENDERS_ACT_1997_START)
    return out(
      'unknown',
      reason(
        `${where}: dealt with before 1 September 1997; notification applies only if the person was then still being dealt with, serving the sentence, under supervision or detained — record which.`,
        REF.soaPre2004,
      ),
    )
  if (!offence)
    return out(
      'unknown',
      reason(
        `${where}: the offence is not in the catalogue, so whether it is in Schedule 3 must be checked by hand.`,
        REF.catalogue,
      ),
    )
  if (!offence.sched3Paragraph)
    return out(
      false,
      reason(`${where}: not listed in Schedule 3, so no notification arises from it.`, REF.soaNotifiable),
    )

  const paraRef = `SOA 2003 Sch.3 para ${offence.sched3Paragraph}`
  const unconfirmed = offence.unconfirmed
    ? [reason(`Catalogue row ${offence.id} is unconfirmed: ${offence.unconfirmed}.`, REF.catalogue)]
    : []
  const source = offence.sched3Condition?.trim() || 'always'
  const condition = conditionOf(source)
  if (condition instanceof Error)
    return out(
      'unknown',
      reason(
        `${where}: the catalogue condition “${source}” cannot be read (${condition.message}).`,
        REF.catalogue,
      ),
      ...unconfirmed,
    )

  // Case-split on every possible age at the offence, so a range only matters if a birthday does.
  const ages = offenderAgesAtOffence(dateOfBirth, conviction, line)
  const scenarios = (ages ?? [null]).map((age) => ({
    age,
    result: evaluateCondition(condition, conditionFacts(conviction, line, age, config)),
  }))
  const applies = triAll(scenarios.map((s) => s.result.value))
  const first = scenarios[0]?.result
  if (!first) throw new Error('unreachable: at least one scenario')
  const listing =
    source === 'always'
      ? `listed in Schedule 3 para ${offence.sched3Paragraph}`
      : `Schedule 3 para ${offence.sched3Paragraph}`

  if (applies === true || applies === false) {
    const verdict = applies
      ? source === 'always'
        ? `${listing} with no condition, so notification arises`
        : `${listing} condition “${source}” is met, so notification arises`
      : `${listing} condition “${source}” is not met, so no notification arises from it`
    const detail = source === 'always' ? '' : ` — ${explainAtoms(first.atoms)}`
    return out(
      applies,
      reason(`${where}: ${verdict}${detail}.`, `${paraRef}; ${REF.sch3Ages}`),
      ...unconfirmed,
    )
  }
  const missing = [
    ...new Set(
      scenarios.flatMap((s) => s.result.atoms.filter((a) => a.value === 'unknown').map((a) => a.because)),
    ),
  ]
  const disagree = new Set(scenarios.map((s) => s.result.value)).size > 1
  if (disagree) {
    const { from, to } = offenceDates(line)
    const ageList = scenarios.map((s) => s.age).join(', ')
    missing.push(
      `the offence date${from && to ? ` range ${from} to ${to}` : ' is not recorded and'} could mean ages ${ageList} at the offence, which changes the answer`,
    )
  }
  return out(
    'unknown',
    reason(
      `${where}: ${listing} condition “${source}” cannot be decided — ${missing.join('; ')}.`,
      `${paraRef}; ${REF.sch3Ages}`,
    ),
    ...unconfirmed,
  )
}

export const schedule3Rules: RuleMeta[] = [
  {
    id: 'schedule3.applies',
    area: 'Schedule 3 conditions',
    title: 'When an offence line leads to notification',
    description:
      'A conviction, caution or finding for an offence listed in Schedule 3 whose condition is met makes the person subject to notification. An absolute discharge is not a conviction for this purpose (only conditional discharges are saved). An overseas conviction leads to notification only through a notification order. Convictions in Scotland or Northern Ireland, convictions before 1 September 1997, offences not in the catalogue and unreadable conditions are “needs review”. Unconfirmed catalogue rows are shown as unconfirmed in the reasons.',
    references: [REF.soaNotifiable, REF.absoluteDischarge, REF.soaNotificationOrder, REF.soaPre2004],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
]
