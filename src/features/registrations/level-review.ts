import { and, desc, eq } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { meetingCases, meetings } from '../../db/schema.js'
import { type IsoDate, type MappaLevel, nextLevelReview } from '../../domain/rules/index.js'
import { rulesConfigInUse } from '../convictions/service.js'

/** The next review date the person's latest finalised meeting set (the chair may set it earlier). */
async function scheduledReviewOn(db: Database, personId: string): Promise<IsoDate | null> {
  const [row] = await db
    .select({ nextReviewOn: meetingCases.nextReviewOn })
    .from(meetingCases)
    .innerJoin(meetings, eq(meetings.id, meetingCases.meetingId))
    .where(and(eq(meetingCases.personId, personId), eq(meetings.status, 'finalised')))
    .orderBy(desc(meetings.heldOn))
    .limit(1)
  return row?.nextReviewOn ?? null
}

/**
 * When a Level 2 or 3 registration is next reviewed: the rules' interval from the last review,
 * or the earlier date the last meeting set while that date is still ahead of the last review.
 */
export async function levelReviewDue(
  db: Database,
  input: { personId: string; level: MappaLevel; lastReviewDate: IsoDate },
  today: IsoDate,
) {
  const scheduled = await scheduledReviewOn(db, input.personId)
  return nextLevelReview(
    {
      subjectId: input.personId,
      level: input.level,
      lastReviewDate: input.lastReviewDate,
      scheduledDate: scheduled && scheduled > input.lastReviewDate ? scheduled : undefined,
    },
    rulesConfigInUse(),
    today,
  )
}
