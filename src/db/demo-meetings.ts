import { and, eq, inArray, ne } from 'drizzle-orm'
import { addDays, endOfLondonDay, londonDateOf } from '../domain/rules/dates.js'
import { DEFAULT_ACCESS_DAYS, DEFAULT_LAWFUL_BASIS } from '../features/meetings/schema.js'
import type { Database } from './connection.js'
import { DEMO_PERSON } from './demo-cases.js'
import { agencies, meetingCases, meetingInvitations, meetings, people, registrations } from './schema.js'

/**
 * A Level 2 meeting in West Yorkshire next week, chaired by the demo chair, with one registered
 * Level 2 case on its agenda and housing invited. Jonathan Smythe is left off it: the demo (and
 * the browser journey) refers him and puts him on a meeting.
 */
export async function loadDemoMeetings(db: Database, users: { chair: string; coordinator: string }) {
  const heldOn = addDays(londonDateOf(new Date().toISOString()), 7)
  const codes = await db
    .select({ id: agencies.id, code: agencies.code })
    .from(agencies)
    .where(inArray(agencies.code, ['wyp', 'leeds-housing']))
  const agencyId = (code: string) => codes.find((a) => a.code === code)!.id
  const [levelTwo] = await db
    .select({ personId: registrations.personId })
    .from(registrations)
    .innerJoin(people, eq(people.id, registrations.personId))
    .where(
      and(
        eq(registrations.level, 2),
        eq(people.areaCode, 'west-yorkshire'),
        eq(people.restricted, false),
        ne(people.familyName, DEMO_PERSON.familyName),
      ),
    )
    .orderBy(people.familyName)
    .limit(1)
  const [meeting] = await db
    .insert(meetings)
    .values({
      areaCode: 'west-yorkshire',
      level: 2,
      heldOn,
      startsAt: '10:00',
      chairUserId: users.chair,
      chairName: 'Dr Helen Clarke',
      chairAgencyId: agencyId('wyp'),
      chairRank: 'Detective Superintendent',
      format: 'hybrid',
      venue: 'Public Protection Unit, Elland Road Police Station, Leeds',
      createdBy: users.coordinator,
    })
    .returning({ id: meetings.id })
  if (levelTwo)
    await db
      .insert(meetingCases)
      .values({ meetingId: meeting!.id, personId: levelTwo.personId, position: 1, kind: 'review' })
  await db.insert(meetingInvitations).values({
    meetingId: meeting!.id,
    agencyId: agencyId('leeds-housing'),
    lawfulBasis: DEFAULT_LAWFUL_BASIS,
    accessUntil: endOfLondonDay(addDays(heldOn, DEFAULT_ACCESS_DAYS)),
    invitedBy: users.coordinator,
  })
}
