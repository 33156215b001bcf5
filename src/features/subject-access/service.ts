import type { Database } from '../../db/connection.js'
import type { IsoDate } from '../../domain/rules/index.js'
import { conditionJson, conditionsOf } from '../conditions/service.js'
import { convictionJson, convictionsOf } from '../convictions/service.js'
import { breachesOf, eventsOf } from '../notifications/service.js'
import type { PersonRecord } from '../people/queries.js'
import { planOverview } from '../plans/service.js'
import { FACT_TYPES } from '../record/sections.js'
import { factsOf } from '../record/service.js'
import { registrationSummary } from '../registrations/service.js'
import { visitsOf } from '../visits/service.js'
import { zoneFeature, zonesOf } from '../zones/service.js'
import { minutesAbout } from './queries.js'

/**
 * What is withheld, and why (UK GDPR Art.15(4) and DPA 2018 Sch.2 para.16: a copy must not
 * adversely affect others; Sch.2 para.2 crime and taxation where disclosure would prejudice the
 * prevention of crime). Stated in the export so that the reader knows it is not everything held.
 */
export const WITHHELD = [
  'Victims and other people at risk: who they are, how to reach them, their views, the conditions they asked for and the places those concern',
  'Associates: other people’s personal details',
  'Names in no-contact conditions (the wording as issued is included)',
  'The victim safety part of the risk management plan',
  'Meeting minutes about victims',
  'The record’s history of changes and the audit trail (they can name other people and staff)',
] as const

/** Sections of the record that are other people's data, not the person's. */
const THIRD_PARTY_SECTIONS = new Set(['associates'])

/** No-contact conditions name another person: the name is theirs, so it is left out. */
const withoutThirdParties = (c: ReturnType<typeof conditionJson>) =>
  c.kind === 'no_contact' ? { ...c, details: {} } : c

/**
 * The person's own data, for a subject access request: identity, record sections, convictions,
 * registrations, notifications, plans, conditions, zones, visits and minutes — never victims'
 * details or other third parties' (see WITHHELD).
 */
export async function subjectAccessExport(db: Database, person: PersonRecord, today: IsoDate) {
  const facts = await Promise.all(
    FACT_TYPES.filter((t) => !THIRD_PARTY_SECTIONS.has(t.section)).map(async (type) => ({
      section: type.key,
      title: type.title,
      items: (await factsOf(db, type, person.id, today)).map((fact) => ({
        ...Object.fromEntries(type.fields.map((f) => [f.name, fact[f.name] ?? null])),
        validFrom: fact.validFrom,
        validTo: fact.validTo,
        status: fact.status,
        recordedAt: fact.recordedAt.toISOString(),
      })),
    })),
  )
  const [convictions, registrations, notifications, breaches, plan, conditions, zones, visits, minutes] =
    await Promise.all([
      convictionsOf(db, person.id),
      registrationSummary(db, person, today),
      eventsOf(db, person.id),
      breachesOf(db, person.id),
      planOverview(db, person.id, today),
      conditionsOf(db, person.id, today),
      zonesOf(db, person.id, today),
      visitsOf(db, person.id),
      minutesAbout(db, person.id),
    ])
  const planVersion = (p: typeof plan.current) =>
    p && {
      number: p.number,
      status: p.status,
      signedOffAt: p.signedOffAt?.toISOString() ?? null,
      entries: p.entries
        .filter((e) => e.pillar !== 'victim_safety')
        .map((e) => ({ pillar: e.pillar, text: e.text, reviewOn: e.reviewOn })),
    }
  return {
    exportedOn: today,
    person: {
      id: person.id,
      givenName: person.givenName,
      middleNames: person.middleNames,
      familyName: person.familyName,
      dateOfBirth: person.dateOfBirth,
      gender: person.gender,
      ethnicity: person.ethnicity,
      pncId: person.pncId,
      crn: person.crn,
      area: person.areaCode,
      leadAgency: person.leadAgencyName,
      aliases: person.aliases,
    },
    record: facts,
    convictions: convictions.map(convictionJson),
    registrations: registrations.registrations.map((r) => ({
      category: r.category,
      level: r.level,
      status: r.status,
      registeredOn: r.registeredOn,
    })),
    notifications: notifications.map((n) => ({ kind: n.kind, notifiedOn: n.notifiedOn, station: n.station })),
    notificationBreaches: breaches.map((b) => ({
      suspectedOn: b.suspectedOn,
      description: b.description,
      outcome: b.outcome,
    })),
    riskManagementPlan: { current: planVersion(plan.current) ?? null },
    conditions: conditions.map((c) => withoutThirdParties(conditionJson(c))),
    zones: zones.map(zoneFeature),
    visits: visits.visits.map((v) => ({
      visitedOn: v.visitedOn,
      seen: v.seen,
      concerns: v.concerns,
      followUp: v.followUp,
    })),
    minutes: minutes.map((m) => ({
      meetingId: m.meetingId,
      field: m.field,
      text: m.value,
      updatedAt: m.updatedAt.toISOString(),
    })),
    withheld: WITHHELD,
  }
}
