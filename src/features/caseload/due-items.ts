import type { Database } from '../../db/connection.js'
import {
  type DueItem,
  type IsoDate,
  type MappaLevel,
  RULES_VERSION,
  checkDeregistration,
} from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { notificationStatus } from '../notifications/service.js'
import { riskWorkItems, visitDueItems } from '../visits/service.js'
import { levelReviewDue } from '../registrations/level-review.js'
import * as queries from './queries.js'

/**
 * Everything due for one person, in the one DueItem model every work queue uses: notification
 * deadlines (SOA 2003 ss.83–86), the next level review of the registration in force, a
 * de-registration flag when the basis of Category 1 or 2 has ended, the next home visit, and
 * risk management gaps (plan missing, incomplete or due for review; assessments due; conditions
 * and orders ending within 30 days).
 */
export async function dueItemsFor(
  db: Database,
  person: { id: string; dateOfBirth: IsoDate },
  today: IsoDate,
): Promise<DueItem[]> {
  const [status, registration, visits, risk] = await Promise.all([
    notificationStatus(db, person, today),
    queries.activeRegistration(db, person.id),
    visitDueItems(db, person.id, today),
    riskWorkItems(db, person.id, today),
  ])
  const items = [...status.items, ...visits, ...risk]
  if (registration) {
    if (registration.status === 'active' && (registration.level === 2 || registration.level === 3)) {
      const reviewed = registration.lastReviewAt
        ? londonDateOf(registration.lastReviewAt.toISOString())
        : registration.registeredOn
      const review = await levelReviewDue(
        db,
        {
          personId: person.id,
          level: registration.level as MappaLevel,
          lastReviewDate: reviewed > registration.registeredOn ? reviewed : registration.registeredOn,
        },
        today,
      )
      if (review.due) items.push(review.due)
    }
    if (registration.category === 1 || registration.category === 2) {
      const { flag } = checkDeregistration(
        { subjectId: person.id, category: registration.category, registeredOn: registration.registeredOn },
        status.assessment.decision,
        today,
      )
      if (flag) items.push(flag)
    }
  }
  return items
}

const stored = (item: DueItem): queries.StoredDueItem => ({
  key: item.key,
  kind: item.kind,
  title: item.title,
  dueDate: item.dueDate,
  status: item.status,
  basis: item.basis,
  rulesVersion: item.rulesVersion,
})

/**
 * Works out a person's due items and stores them in place of the old ones. Items met are not
 * kept; a `done` marker row records when the person was refreshed, so a person with nothing
 * due is not worked out again until their record changes.
 */
export async function refreshDueItems(db: Database, personId: string, today: IsoDate): Promise<DueItem[]> {
  const person = await queries.personBasics(db, personId)
  if (!person) return []
  const items = (await dueItemsFor(db, person, today)).filter((i) => i.status !== 'done')
  await queries.replaceDueItems(db, person.id, [
    ...items.map(stored),
    {
      key: queries.REFRESH_MARKER,
      kind: queries.REFRESH_MARKER,
      title: 'Due items worked out',
      dueDate: today,
      status: 'done',
      basis: [],
      rulesVersion: RULES_VERSION,
    },
  ])
  return items
}

/** Refreshes the people in scope whose record changed since their items were worked out. */
export async function refreshStale(db: Database, scope: queries.CaseScope, today: IsoDate): Promise<number> {
  const stale = await queries.staleIn(db, scope)
  for (const person of stale) await refreshDueItems(db, person.id, today)
  return stale.length
}

/** The daily refresh: date-driven items (what became overdue today) stay right for everyone. */
export async function refreshAllDueItems(db: Database, today: IsoDate, batch = 200): Promise<number> {
  let after: string | null = null
  let done = 0
  for (;;) {
    const page = await queries.livePeople(db, after, batch)
    for (const person of page) await refreshDueItems(db, person.id, today)
    done += page.length
    if (page.length < batch) return done
    after = page[page.length - 1]!.id
  }
}
