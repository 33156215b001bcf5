import { PILLARS, type Pillar } from './pillars.js'

/** What the comparison needs of an entry. */
export interface ComparableEntry {
  pillar: Pillar
  position: number
  text: string
  ownerAgencyId: string | null
  reviewOn: string | null
}

export interface ComparablePlan<E extends ComparableEntry = ComparableEntry> {
  reviewOn: string | null
  visitIntervalMonths: number | null
  entries: readonly E[]
}

export type EntryField = 'text' | 'ownerAgencyId' | 'reviewOn'

export interface PillarDiff<E extends ComparableEntry> {
  pillar: Pillar
  added: E[]
  removed: E[]
  changed: { from: E; to: E; fields: EntryField[] }[]
  unchanged: number
}

export interface PlanDiff<E extends ComparableEntry> {
  reviewOn: { from: string | null; to: string | null } | null
  visitIntervalMonths: { from: number | null; to: number | null } | null
  pillars: PillarDiff<E>[]
  /** Whether anything at all differs. */
  changed: boolean
}

const FIELDS: EntryField[] = ['text', 'ownerAgencyId', 'reviewOn']
const differingFields = (a: ComparableEntry, b: ComparableEntry) => FIELDS.filter((f) => a[f] !== b[f])
const byPosition = (a: ComparableEntry, b: ComparableEntry) => a.position - b.position

/** Removes and returns the first element that satisfies `test`. */
function take<T>(items: T[], test: (item: T) => boolean): T | undefined {
  const at = items.findIndex(test)
  return at < 0 ? undefined : items.splice(at, 1)[0]
}

/**
 * What changed between two versions of a plan. Entries have no identity across versions (a
 * new draft copies them), so each pillar's entries are matched in three passes: identical
 * entries, then the same wording (owner or review date changed), then the same place in the
 * pillar (wording edited where it stood). What is left was removed or added.
 */
export function comparePlans<E extends ComparableEntry>(
  from: ComparablePlan<E>,
  to: ComparablePlan<E>,
): PlanDiff<E> {
  const pillars = PILLARS.map((pillar): PillarDiff<E> => {
    const removed = from.entries.filter((e) => e.pillar === pillar).sort(byPosition)
    const added = to.entries.filter((e) => e.pillar === pillar).sort(byPosition)
    const changed: PillarDiff<E>['changed'] = []
    let unchanged = 0
    const passes: ((a: E, b: E) => boolean)[] = [
      (a, b) => differingFields(a, b).length === 0,
      (a, b) => a.text === b.text,
      (a, b) => a.position === b.position,
    ]
    passes.forEach((matches, pass) => {
      for (const old of [...removed]) {
        const match = take(added, (b) => matches(old, b))
        if (!match) continue
        removed.splice(removed.indexOf(old), 1)
        if (pass === 0) unchanged += 1
        else changed.push({ from: old, to: match, fields: differingFields(old, match) })
      }
    })
    return { pillar, added, removed, changed, unchanged }
  })
  const reviewOn = from.reviewOn === to.reviewOn ? null : { from: from.reviewOn, to: to.reviewOn }
  const visitIntervalMonths =
    from.visitIntervalMonths === to.visitIntervalMonths
      ? null
      : { from: from.visitIntervalMonths, to: to.visitIntervalMonths }
  return {
    reviewOn,
    visitIntervalMonths,
    pillars,
    changed:
      !!reviewOn ||
      !!visitIntervalMonths ||
      pillars.some((p) => p.added.length || p.removed.length || p.changed.length),
  }
}
