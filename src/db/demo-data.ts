import { Faker, en_GB, en } from '@faker-js/faker'
import { count, eq, inArray } from 'drizzle-orm'
import type { AgencyType } from '../domain/agency-types.js'
import { hashPassword } from '../security/passwords.js'
import type { Role } from '../security/roles.js'
import type { Sealer } from '../security/sealing.js'
import type { Database } from './connection.js'
import { loadDemoCases } from './demo-cases.js'
import { loadDemoMeetings } from './demo-meetings.js'
import { loadDemoVictims } from './demo-victims.js'
import { insertSyntheticPeople } from './people-generator.js'
import { agencies, memberships, people, personManagers, settings, users } from './schema.js'

/** Shown at start-up; demo accounts are marked as such and need no second factor. */
export const DEMO_PASSWORD = 'demo-password-2026'

const DEMO_AGENCIES: { code: string; type: AgencyType; areaCode: string; name: string }[] = [
  { code: 'wyp', type: 'police', areaCode: 'west-yorkshire', name: 'West Yorkshire Police' },
  {
    code: 'wy-probation',
    type: 'probation',
    areaCode: 'west-yorkshire',
    name: 'Probation Service – West Yorkshire',
  },
  { code: 'hmp-leeds', type: 'prison', areaCode: 'west-yorkshire', name: 'HMP Leeds' },
  {
    code: 'leeds-housing',
    type: 'housing_authority',
    areaCode: 'west-yorkshire',
    name: 'Leeds City Council Housing',
  },
  {
    code: 'leeds-childrens',
    type: 'childrens_social_care',
    areaCode: 'west-yorkshire',
    name: 'Leeds Children’s Social Care',
  },
  {
    code: 'wy-health',
    type: 'health',
    areaCode: 'west-yorkshire',
    name: 'West Yorkshire Integrated Care Board',
  },
  {
    code: 'leeds-yjs',
    type: 'youth_offending_team',
    areaCode: 'west-yorkshire',
    name: 'Leeds Youth Justice Service',
  },
  {
    code: 'wy-jcp',
    type: 'jobcentre_plus',
    areaCode: 'west-yorkshire',
    name: 'Jobcentre Plus – West Yorkshire',
  },
  { code: 'syp', type: 'police', areaCode: 'south-yorkshire', name: 'South Yorkshire Police' },
  {
    code: 'sy-probation',
    type: 'probation',
    areaCode: 'south-yorkshire',
    name: 'Probation Service – South Yorkshire',
  },
  {
    code: 'sheffield-housing',
    type: 'housing_authority',
    areaCode: 'south-yorkshire',
    name: 'Sheffield City Council Housing',
  },
  { code: 'met', type: 'police', areaCode: 'london', name: 'Metropolitan Police Service' },
  { code: 'london-probation', type: 'probation', areaCode: 'london', name: 'Probation Service – London' },
  {
    code: 'smb-west-yorkshire',
    type: 'other',
    areaCode: 'west-yorkshire',
    name: 'West Yorkshire MAPPA Strategic Management Board',
  },
  { code: 'service-admin', type: 'other', areaCode: 'west-yorkshire', name: 'Service administration' },
]

interface DemoUser {
  username: string
  displayName: string
  memberships: { agency: string; roles: Role[]; areaCodes?: string[] }[]
}

export const DEMO_USERS: DemoUser[] = [
  {
    username: 'police.om',
    displayName: 'Priya Shah',
    memberships: [{ agency: 'wyp', roles: ['offender_manager'] }],
  },
  {
    username: 'probation.pp',
    displayName: 'Tom Hughes',
    memberships: [{ agency: 'wy-probation', roles: ['offender_manager'] }],
  },
  {
    username: 'coordinator',
    displayName: 'Alex Morgan',
    memberships: [{ agency: 'wy-probation', roles: ['mappa_coordinator'] }],
  },
  {
    username: 'chair',
    displayName: 'Dr Helen Clarke',
    memberships: [
      { agency: 'wyp', roles: ['meeting_chair'] },
      { agency: 'syp', roles: ['meeting_chair'] },
    ],
  },
  {
    username: 'housing',
    displayName: 'Sam Patel',
    memberships: [{ agency: 'leeds-housing', roles: ['agency_representative'] }],
  },
  {
    username: 'vlo',
    displayName: 'Chris Evans',
    memberships: [{ agency: 'wy-probation', roles: ['victim_liaison_officer'] }],
  },
  {
    username: 'smb',
    displayName: 'Jo Wright',
    memberships: [{ agency: 'smb-west-yorkshire', roles: ['smb_member'] }],
  },
  {
    username: 'lay.adviser',
    displayName: 'Pat Green',
    memberships: [{ agency: 'smb-west-yorkshire', roles: ['lay_adviser'] }],
  },
  {
    username: 'admin',
    displayName: 'Robin Lee',
    memberships: [{ agency: 'service-admin', roles: ['administrator'] }],
  },
  {
    username: 'regional',
    displayName: 'Morgan Taylor',
    memberships: [
      {
        agency: 'wy-probation',
        roles: ['offender_manager'],
        areaCodes: ['west-yorkshire', 'south-yorkshire', 'north-yorkshire', 'humberside'],
      },
    ],
  },
]

const DEMO_MARK = 'demo_data_loaded'

export type DemoOutcome = 'loaded' | 'already_loaded' | 'refused'

/**
 * Loads the demo agencies, one account per role and synthetic people (and, given the sealer, a
 * victim). It refuses a database that already holds real accounts, so a production database
 * never gets demo accounts by accident.
 */
export async function loadDemoData(db: Database, sealer?: Sealer): Promise<DemoOutcome> {
  const [mark] = await db.select().from(settings).where(eq(settings.key, DEMO_MARK))
  if (mark) return 'already_loaded'
  const [existing] = await db.select({ n: count() }).from(users)
  if ((existing?.n ?? 0) > 0) return 'refused'

  const faker = new Faker({ locale: [en_GB, en] })
  faker.seed(2026)
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await db.insert(agencies).values(DEMO_AGENCIES).onConflictDoNothing()
  const agencyRows = await db
    .select({ id: agencies.id, code: agencies.code, areaCode: agencies.areaCode })
    .from(agencies)
    .where(
      inArray(
        agencies.code,
        DEMO_AGENCIES.map((a) => a.code),
      ),
    )
  const agencyByCode = new Map(agencyRows.map((a) => [a.code, a]))

  const userIds = new Map<string, string>()
  for (const demo of DEMO_USERS) {
    const [user] = await db
      .insert(users)
      .values({ username: demo.username, displayName: demo.displayName, passwordHash, isDemo: true })
      .returning({ id: users.id })
    userIds.set(demo.username, user!.id)
    await db.insert(memberships).values(
      demo.memberships.map((m) => {
        const agency = agencyByCode.get(m.agency)!
        return {
          userId: user!.id,
          agencyId: agency.id,
          roles: m.roles,
          areaCodes: m.areaCodes ?? [agency.areaCode],
        }
      }),
    )
  }

  const westYorkshire = await insertSyntheticPeople(db, 60, { areaCode: 'west-yorkshire', faker })
  await insertSyntheticPeople(db, 25, { areaCode: 'south-yorkshire', faker })
  await insertSyntheticPeople(db, 25, { areaCode: 'london', faker })
  const wyp = agencyByCode.get('wyp')!.id
  const probation = agencyByCode.get('wy-probation')!.id
  const managed = westYorkshire.slice(0, 30)
  await db.insert(personManagers).values(
    managed.flatMap((personId) => [
      { personId, userId: userIds.get('police.om')!, kind: 'police' },
      { personId, userId: userIds.get('probation.pp')!, kind: 'probation' },
    ]),
  )
  for (const [i, personId] of managed.entries()) {
    await db
      .update(people)
      .set({ leadAgencyId: i % 2 ? wyp : probation, restricted: i === 0 })
      .where(eq(people.id, personId))
  }
  await loadDemoCases(db, faker, managed.slice(1, 21), {
    police: userIds.get('police.om')!,
    probation: userIds.get('probation.pp')!,
    leadAgencyId: wyp,
  })
  if (sealer) await loadDemoVictims(db, sealer)
  await loadDemoMeetings(db, { chair: userIds.get('chair')!, coordinator: userIds.get('coordinator')! })
  await db.insert(settings).values({ key: DEMO_MARK, value: new Date().toISOString() })
  return 'loaded'
}
