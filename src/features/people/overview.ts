import type { Database } from '../../db/connection.js'
import { RISK_LEVEL_LABELS, type RiskLevel } from '../../domain/risk/index.js'
import type { DueItem, IsoDate } from '../../domain/rules/index.js'
import { paths } from '../../web/paths.js'
import { dueItemsFor } from '../caseload/due-items.js'
import { actionHref } from '../caseload/service.js'
import { factsOf } from '../record/service.js'
import { factType } from '../record/sections.js'
import {
  CATEGORY_LABELS,
  LEVEL_LABELS,
  STATUS_LABELS,
  currentRegistration,
} from '../registrations/service.js'
import { currentRiskLevel } from '../risk/service.js'
import type { PersonRecord } from './queries.js'

/** The most items the overview lists; the work queue has the rest. */
export const DUE_SHOWN = 5

export interface Tag {
  text: string
  classes: string
}

export interface Overview {
  /** Category and level of the registration in force, as tags beside the person's name. */
  badges: Tag[]
  registration: {
    href: string
    current: {
      categoryText: string
      levelText: string
      statusText: string
      leadAgencyName: string | null
      registeredOn: IsoDate
    } | null
  }
  address: {
    href: string
    current: { kindText: string; lines: string[]; since: IsoDate | null } | null
  }
  risk: {
    href: string
    planHref: string
    current: { level: Tag; assessedOn: IsoDate } | null
  }
  due: {
    href: string
    /** How many items are open (overdue or due) in all. */
    total: number
    overdue: number
    items: { title: string; dueDate: IsoDate; status: Tag; href: string }[]
  }
}

const LEVEL_TAG_CLASSES: Record<RiskLevel, string> = {
  low: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--orange',
  very_high: 'govuk-tag--red',
}

const ADDRESS_KIND_TEXT: Record<string, string> = {
  home: 'Home address',
  secondary: 'Secondary address',
  temporary: 'Temporary address',
  approved_premises: 'Approved Premises',
  no_fixed_abode: 'No fixed abode',
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined)

/** The current home address; failing that, any other address the person lives at now. */
export async function currentAddress(db: Database, personId: string, today: IsoDate) {
  const facts = (await factsOf(db, factType('addresses')!, personId, today))
    .filter((f) => f.status === 'current' && (!f.validFrom || f.validFrom <= today))
    // Latest start first; factsOf already lists the newest recorded first within a day.
    .sort((a, b) => (b.validFrom ?? '').localeCompare(a.validFrom ?? ''))
  const fact = facts.find((f) => f.kind === 'home') ?? facts[0]
  if (!fact) return null
  const kind = String(fact.kind)
  const lines =
    kind === 'no_fixed_abode'
      ? [text(fact.whereFound)]
      : [fact.line1, fact.line2, fact.town, fact.county, fact.postcode].map(text)
  return {
    kindText: ADDRESS_KIND_TEXT[kind] ?? kind,
    lines: lines.filter((l): l is string => l !== undefined),
    since: fact.validFrom,
  }
}

const OPEN: readonly DueItem['status'][] = ['overdue', 'due']

/** Open items, overdue first, then soonest first. */
function dueSummary(personId: string, items: DueItem[]): Overview['due'] {
  const open = items
    .filter((i) => OPEN.includes(i.status))
    .sort(
      (a, b) =>
        OPEN.indexOf(a.status) - OPEN.indexOf(b.status) ||
        a.dueDate.localeCompare(b.dueDate) ||
        a.title.localeCompare(b.title),
    )
  return {
    href: paths.cases.workQueue(),
    total: open.length,
    overdue: open.filter((i) => i.status === 'overdue').length,
    items: open.slice(0, DUE_SHOWN).map((i) => ({
      title: i.title,
      dueDate: i.dueDate,
      status:
        i.status === 'overdue'
          ? { text: 'Overdue', classes: 'govuk-tag--red' }
          : { text: 'Due', classes: 'govuk-tag--blue' },
      href: actionHref(personId, i.kind),
    })),
  }
}

/**
 * A one-look summary of a person's record for the top of its overview: the registration in
 * force, where they live now, their latest overall RoSH and what is due or overdue.
 */
export async function overviewOf(db: Database, person: PersonRecord, today: IsoDate): Promise<Overview> {
  const [registration, address, risk, due] = await Promise.all([
    currentRegistration(db, person.id),
    currentAddress(db, person.id, today),
    currentRiskLevel(db, person.id),
    dueItemsFor(db, person, today),
  ])
  return {
    badges: registration
      ? [
          { text: `Category ${registration.category}`, classes: 'govuk-tag--blue' },
          {
            text: `Level ${registration.level}`,
            classes: registration.level > 1 ? 'govuk-tag--orange' : 'govuk-tag--grey',
          },
        ]
      : [],
    registration: {
      href: paths.people.registration(person.id),
      current: registration
        ? {
            categoryText: CATEGORY_LABELS[registration.category] ?? `Category ${registration.category}`,
            levelText: LEVEL_LABELS[registration.level] ?? `Level ${registration.level}`,
            statusText: STATUS_LABELS[registration.status] ?? registration.status,
            leadAgencyName: registration.leadAgencyName,
            registeredOn: registration.registeredOn,
          }
        : null,
    },
    address: { href: paths.people.section(person.id, 'addresses'), current: address },
    risk: {
      href: paths.people.risk(person.id),
      planHref: paths.people.plan(person.id),
      current: risk
        ? {
            level: { text: RISK_LEVEL_LABELS[risk.level], classes: LEVEL_TAG_CLASSES[risk.level] },
            assessedOn: risk.assessedOn,
          }
        : null,
    },
    due: dueSummary(person.id, due),
  }
}
