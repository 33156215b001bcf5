import { Temporal } from 'temporal-polyfill'
import type { Database } from '../../db/connection.js'
import { areaByCode } from '../../domain/areas.js'
import { GENDER_LABELS } from '../../domain/person-attributes.js'
import {
  BAND_LABELS,
  RISK_LEVEL_LABELS,
  ROSH_GROUPS,
  ROSH_GROUP_LABELS,
  type RiskLevel,
} from '../../domain/risk/index.js'
import type { IsoDate } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { openActionsForPeople } from '../actions/queries.js'
import { CONDITION_KINDS, CONDITION_SOURCES, labelOf } from '../conditions/schema.js'
import { conditionsOf } from '../conditions/service.js'
import { recordIdsOf } from '../merges/service.js'
import { currentAddress } from '../people/overview.js'
import { findPerson } from '../people/queries.js'
import { PILLARS, PILLAR_LABELS } from '../plans/pillars.js'
import { entriesOf, plansOf } from '../plans/queries.js'
import { STATUS_LABELS as PLAN_STATUS_LABELS } from '../plans/service.js'
import { CATEGORY_LABELS, LEVEL_LABELS, currentRegistration, levelSetOn } from '../registrations/service.js'
import { resultText } from '../risk/present.js'
import { AT_RISK_LABELS } from '../risk/schema.js'
import { TOOL_TITLES, assessmentsOf, latestOfEach, peopleAtRiskOf } from '../risk/service.js'
import { kindLabel as zoneKindLabel, zonesOf } from '../zones/service.js'
import type { MeetingCaseRow, MeetingRow } from './access.js'
import type { ChangeGroup, MeetingPack } from './pack-schema.js'
import * as queries from './pack-queries.js'

export type { MeetingPack } from './pack-schema.js'

const MEETING_FORMATS: Record<string, string> = {
  in_person: 'In person',
  online: 'Online',
  hybrid: 'Hybrid (in person and online)',
}
const CASE_KINDS: Record<string, string> = {
  initial: 'Initial (first meeting after referral)',
  review: 'Review',
}
const MANAGER_KINDS: Record<string, string> = { police: 'Police', probation: 'Probation' }

/**
 * What "what changed" draws from the record's history, by the first part of the history entry's
 * kind (`address.changed` → addresses), in the order the pack shows the groups.
 */
const CHANGE_SOURCES: { group: ChangeGroup; title: string; prefixes: string[] }[] = [
  { group: 'addresses', title: 'Addresses', prefixes: ['address'] },
  { group: 'risk', title: 'Risk assessments', prefixes: ['risk'] },
  { group: 'breaches', title: 'Breaches', prefixes: ['breach'] },
  { group: 'notifications', title: 'Notifications', prefixes: ['notification'] },
  { group: 'conditions', title: 'Conditions and zones', prefixes: ['condition', 'zone'] },
  { group: 'visits', title: 'Home visits', prefixes: ['visit', 'reactive_management'] },
  { group: 'registration', title: 'Registration, category and level', prefixes: ['registration'] },
  { group: 'plan', title: 'Risk management plan', prefixes: ['plan'] },
]
/** These entries name the people at risk, whom the pack does not name. */
const UNSHARED_KINDS = ['risk.person_at_risk_added', 'risk.person_at_risk_ended']

const VICTIM_PROTECTING_KINDS = ['no_contact', 'exclusion_zone']

const coded = (code: string, labels: Record<string, string>) => ({ code, text: labels[code] ?? code })

/** The first moment of a calendar day in England and Wales. */
const startOfLondonDay = (date: IsoDate) =>
  new Date(Temporal.PlainDate.from(date).toZonedDateTime('Europe/London').epochMilliseconds)

type Target = { meeting: MeetingRow; meetingCase: MeetingCaseRow }

/** The risk summary: the latest overall RoSH, the latest of each tool, and who is at risk. */
async function riskSummary(db: Database, personId: string, today: IsoDate): Promise<MeetingPack['risk']> {
  const [assessments, atRisk] = await Promise.all([
    assessmentsOf(db, personId),
    peopleAtRiskOf(db, personId, today),
  ])
  const latest = latestOfEach(assessments)
  const rosh = latest.find((a) => a.tool === 'oasys_rosh')
  return {
    overall:
      rosh?.band && rosh.band !== 'not_applicable'
        ? {
            level: coded(rosh.band, BAND_LABELS),
            assessedOn: rosh.assessedOn,
            groups: ROSH_GROUPS.filter((g) => typeof rosh.inputs[g] === 'string').map((g) => ({
              group: ROSH_GROUP_LABELS[g],
              level: RISK_LEVEL_LABELS[rosh.inputs[g] as RiskLevel] ?? String(rosh.inputs[g]),
            })),
          }
        : null,
    assessments: latest.map((a) => ({
      tool: a.tool,
      name: a.tool === 'other' ? String(a.inputs.toolName ?? TOOL_TITLES.other) : TOOL_TITLES[a.tool],
      band: a.band ? coded(a.band, BAND_LABELS) : null,
      result: resultText(a),
      assessedOn: a.assessedOn,
      nextDueOn: a.nextDueOn,
      overdue: !!a.nextDueOn && a.nextDueOn < today,
    })),
    // Groups are described; named individuals stay on the record (they may be victims).
    peopleAtRisk: atRisk
      .filter((p) => p.current)
      .map((p) => ({
        kind: coded(p.kind, AT_RISK_LABELS),
        description: p.kind === 'group' ? p.name : 'Named on the record',
      })),
  }
}

/** The latest signed-off plan, or the draft when none has been signed off, by pillar. */
async function planSummary(db: Database, personId: string): Promise<MeetingPack['plan']> {
  const versions = await plansOf(db, personId)
  const plan = versions.find((p) => p.status === 'signed_off') ?? versions.find((p) => p.status === 'draft')
  if (!plan) return null
  const entries = await entriesOf(db, [plan.id])
  return {
    number: plan.number,
    status: { code: plan.status, text: PLAN_STATUS_LABELS[plan.status]?.text ?? plan.status },
    signedOffOn: plan.signedOffAt ? londonDateOf(plan.signedOffAt.toISOString()) : null,
    reviewOn: plan.reviewOn,
    pillars: PILLARS.map((pillar) => ({
      pillar,
      title: PILLAR_LABELS[pillar],
      entries: entries
        .filter((e) => e.pillar === pillar)
        .map((e) => ({ text: e.text, owner: e.ownerAgencyName, reviewOn: e.reviewOn })),
    })),
  }
}

/**
 * Since when "what changed" counts: the last meeting that had the person on its agenda, else the
 * referral that brought the case, else the registration.
 */
function changesBasis(
  previousMeetingOn: IsoDate | null,
  referredAt: Date | null,
  registeredOn: IsoDate | null,
): { since: IsoDate | null; basis: MeetingPack['changes']['basis'] } {
  if (previousMeetingOn) return { since: previousMeetingOn, basis: 'meeting' }
  if (referredAt) return { since: londonDateOf(referredAt.toISOString()), basis: 'referral' }
  if (registeredOn) return { since: registeredOn, basis: 'registration' }
  return { since: null, basis: 'none' }
}

async function changesSince(
  db: Database,
  personIds: string[],
  since: IsoDate | null,
): Promise<MeetingPack['changes']['groups']> {
  const rows = await queries.changesSince(
    db,
    personIds,
    since ? startOfLondonDay(since) : null,
    CHANGE_SOURCES.flatMap((s) => s.prefixes),
    UNSHARED_KINDS,
  )
  return CHANGE_SOURCES.map(({ group, title, prefixes }) => ({
    group,
    title,
    entries: rows
      .filter((r) => prefixes.includes(r.kind.split('.')[0]!))
      .map((r) => ({ at: r.at.toISOString(), title: r.title, detail: r.detail })),
  }))
}

/**
 * The meeting pack for one case on a meeting's agenda, assembled from the record as it stands:
 * nothing in it is typed twice. Victims' details are never read, only how many are recorded.
 */
export async function buildPack(
  db: Database,
  { meeting, meetingCase }: Target,
  options: { now?: Date } = {},
): Promise<MeetingPack> {
  const now = options.now ?? new Date()
  const today = londonDateOf(now.toISOString())
  const personId = meetingCase.personId
  const [
    person,
    personIds,
    registration,
    address,
    risk,
    plan,
    conditions,
    zones,
    actions,
    chairAgency,
    previousMeetingOn,
    referredAt,
    distribution,
  ] = await Promise.all([
    findPerson(db, personId),
    recordIdsOf(db, personId),
    currentRegistration(db, personId),
    currentAddress(db, personId, today),
    riskSummary(db, personId, today),
    planSummary(db, personId),
    conditionsOf(db, personId, today),
    zonesOf(db, personId, today),
    openActionsForPeople(db, [personId]),
    queries.agencyName(db, meeting.chairAgencyId),
    queries.previousMeetingOn(db, personId, meeting.heldOn),
    queries.referredAt(db, meetingCase.referralId),
    queries.distributionOf(db, meeting),
  ])
  if (!person) throw new Error(`The person on meeting case ${meetingCase.id} does not exist`)
  const { since, basis } = changesBasis(previousMeetingOn, referredAt, registration?.registeredOn ?? null)
  const [victims, groups] = await Promise.all([
    queries.victimFacts(db, personIds),
    changesSince(db, personIds, since),
  ])
  const inForce = conditions.filter((c) => c.status === 'active')

  return {
    meeting: {
      id: meeting.id,
      heldOn: meeting.heldOn,
      startsAt: meeting.startsAt,
      level: meeting.level,
      area: { code: meeting.areaCode, name: areaByCode(meeting.areaCode)?.name ?? meeting.areaCode },
      chair: { name: meeting.chairName, rank: meeting.chairRank, agency: chairAgency },
      format: coded(meeting.format, MEETING_FORMATS),
      venue: meeting.venue,
      status: meeting.status,
    },
    case: {
      id: meetingCase.id,
      position: meetingCase.position,
      kind: coded(meetingCase.kind, CASE_KINDS),
    },
    person: {
      id: person.id,
      givenName: person.givenName,
      familyName: person.familyName,
      aliases: person.aliases.map((a) => `${a.givenName} ${a.familyName}`),
      dateOfBirth: person.dateOfBirth,
      gender: GENDER_LABELS[person.gender as keyof typeof GENDER_LABELS] ?? person.gender,
      identifiers: {
        pncId: person.pncId,
        crn: person.crn,
        prisonNumber: person.prisonNumber,
        nhsNumber: person.nhsNumber,
        niNumber: person.niNumber,
      },
      registration: registration
        ? {
            category: {
              code: registration.category,
              text: CATEGORY_LABELS[registration.category] ?? `Category ${registration.category}`,
            },
            level: {
              code: registration.level,
              text: LEVEL_LABELS[registration.level] ?? `Level ${registration.level}`,
            },
            registeredOn: registration.registeredOn,
            levelSince: levelSetOn(registration),
          }
        : null,
      leadAgency: registration?.leadAgencyName ?? person.leadAgencyName,
      managers: person.managers.map((m) => ({
        name: m.displayName,
        kind: MANAGER_KINDS[m.kind] ?? m.kind,
      })),
      address: address && { kind: address.kindText, lines: address.lines, since: address.since },
    },
    risk,
    plan,
    conditions: inForce.map((c) => ({
      id: c.id,
      source: { code: c.source, text: labelOf(CONDITION_SOURCES, c.source) },
      kind: { code: c.kind, text: labelOf(CONDITION_KINDS, c.kind) },
      wording: c.wording,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      protectsVictims:
        victims.conditionIds.has(c.id) ||
        VICTIM_PROTECTING_KINDS.includes(c.kind) ||
        typeof c.details.victimId === 'string',
    })),
    // Names and kinds only: a zone's shape can show where a victim lives or works.
    zones: zones
      .filter((z) => z.status === 'active')
      .map((z) => ({ name: z.name, kind: { code: z.kind, text: zoneKindLabel(z.kind) }, endsOn: z.endsOn })),
    actions: actions.map((a) => ({
      id: a.id,
      text: a.text,
      owner: a.ownerName,
      ownerAgency: a.ownerAgencyName,
      dueOn: a.dueOn,
      overdue: a.dueOn < today,
      setOn: a.meetingHeldOn,
    })),
    changes: { since, basis, groups },
    victims: {
      recorded: victims.recorded,
      statement:
        victims.recorded === 0
          ? 'No victims are recorded.'
          : `${victims.recorded} ${victims.recorded === 1 ? 'victim' : 'victims'} recorded; their details are held by the victim liaison officer.`,
    },
    distribution,
    generatedAt: now.toISOString(),
  }
}
