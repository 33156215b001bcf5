import type { Database } from '../../db/connection.js'
import { type IndexedZone, ZoneIndex } from '../../domain/geo/index.js'
import * as queries from './queries.js'

export interface CachedZone extends IndexedZone {
  id: string
  personId: string
  name: string
  kind: string
  startsOn: string | null
  endsOn: string | null
}

export interface ZoneIndexes {
  /** Every zone, for "which zones contain this point". */
  all: ZoneIndex<CachedZone>
  /** Each person's zones, for points checked against their own person's zones. */
  byPerson: Map<string, CachedZone[]>
}

/** How long an instance trusts its copy before asking the database whether zones changed. */
export const STAMP_MAX_AGE_MS = 1_000

/**
 * The in-memory indexes are a cache of the zones table: before use, if the last look is older
 * than STAMP_MAX_AGE_MS, a one-row query says whether any zone was added, changed or removed
 * (by this or any other instance), and the indexes are rebuilt from PostgreSQL if so.
 */
class ZoneIndexCache {
  private indexes: ZoneIndexes | undefined
  private stamp = ''
  private checkedAt = 0
  private pending: Promise<ZoneIndexes> | undefined

  constructor(private readonly db: Database) {}

  current(): Promise<ZoneIndexes> {
    if (this.indexes && Date.now() - this.checkedAt < STAMP_MAX_AGE_MS) return Promise.resolve(this.indexes)
    // Concurrent requests share one look (and one rebuild).
    this.pending ??= this.refresh().finally(() => (this.pending = undefined))
    return this.pending
  }

  /** This instance wrote a zone: look again on next use. */
  invalidate() {
    this.checkedAt = 0
  }

  private async refresh(): Promise<ZoneIndexes> {
    const stamp = await queries.zonesStamp(this.db)
    if (!this.indexes || stamp !== this.stamp) {
      const zones: CachedZone[] = await queries.allZones(this.db)
      const byPerson = new Map<string, CachedZone[]>()
      for (const zone of zones) {
        const list = byPerson.get(zone.personId)
        if (list) list.push(zone)
        else byPerson.set(zone.personId, [zone])
      }
      this.indexes = { all: new ZoneIndex(zones), byPerson }
      this.stamp = stamp
    }
    this.checkedAt = Date.now()
    return this.indexes
  }
}

const caches = new WeakMap<Database, ZoneIndexCache>()

export function zoneIndexCache(db: Database): ZoneIndexCache {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new ZoneIndexCache(db)))
  return cache
}
