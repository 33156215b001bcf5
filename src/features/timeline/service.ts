import { asc, desc, eq, inArray } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { personTimeline, users } from '../../db/schema.js'
import type { Principal } from '../../security/principal.js'

export interface TimelineEntry {
  personId: string
  /** e.g. address.added, address.corrected, registration.level_changed. */
  kind: string
  title: string
  detail?: string | null
  recordType?: string | null
  recordId?: string | null
}

type Executor = Pick<Database, 'insert'>

/** Adds a change to a person's history; call it in the same transaction as the change. */
export async function recordTimeline(db: Executor, principal: Principal | undefined, entry: TimelineEntry) {
  await db.insert(personTimeline).values({
    ...entry,
    actorUserId: principal?.kind === 'user' ? principal.userId : null,
    actorApiKeyId: principal?.kind === 'api_key' ? principal.apiKeyId : null,
  })
}

/** The history of one or more records (a kept record and those merged into it), newest first. */
export async function timelineOf(db: Database, personIds: string[], order: 'newest' | 'oldest' = 'newest') {
  return db
    .select({
      id: personTimeline.id,
      personId: personTimeline.personId,
      at: personTimeline.at,
      kind: personTimeline.kind,
      title: personTimeline.title,
      detail: personTimeline.detail,
      recordType: personTimeline.recordType,
      recordId: personTimeline.recordId,
      actorName: users.displayName,
    })
    .from(personTimeline)
    .leftJoin(users, eq(users.id, personTimeline.actorUserId))
    .where(inArray(personTimeline.personId, personIds))
    .orderBy(order === 'newest' ? desc(personTimeline.at) : asc(personTimeline.at))
}
