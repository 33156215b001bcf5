import { and, asc, eq, not, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { meetingCases, meetings, minuteFields } from '../../db/schema.js'

/**
 * The minutes recorded about a person at meetings, field by field, leaving out the fields about
 * victims (their views, safety and contact are the victims' data, not the person's).
 */
export async function minutesAbout(db: Database, personId: string) {
  return db
    .select({
      meetingId: meetings.id,
      meetingCaseId: meetingCases.id,
      field: minuteFields.field,
      value: minuteFields.value,
      updatedAt: minuteFields.updatedAt,
    })
    .from(minuteFields)
    .innerJoin(meetingCases, eq(meetingCases.id, minuteFields.meetingCaseId))
    .innerJoin(meetings, eq(meetings.id, meetingCases.meetingId))
    .where(and(eq(meetingCases.personId, personId), not(sql`${minuteFields.field} ilike '%victim%'`)))
    .orderBy(asc(minuteFields.updatedAt))
}
