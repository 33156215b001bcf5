import { eq } from 'drizzle-orm'
import type { TestApp } from '../../../test/support/test-app.js'
import { $ } from '../../../test/support/test-app.js'
import { agencies, memberships, users } from '../../db/schema.js'
import { DEMO_PASSWORD } from '../../db/demo-data.js'
import { hashPassword } from '../../security/passwords.js'
import type { Role } from '../../security/roles.js'

/** Adds a user with one membership (for areas or role mixes the demo accounts do not cover). */
export async function addUser(
  t: TestApp,
  username: string,
  agencyCode: string,
  roles: Role[],
  areaCodes?: string[],
): Promise<string> {
  const { db } = t.database
  const [agency] = await db.select().from(agencies).where(eq(agencies.code, agencyCode))
  const [user] = await db
    .insert(users)
    // Marked as a demo account so that it signs in without a second factor, as the demo users do.
    .values({
      username,
      displayName: username,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      isDemo: true,
    })
    .returning({ id: users.id })
  await db
    .insert(memberships)
    .values({ userId: user!.id, agencyId: agency!.id, roles, areaCodes: areaCodes ?? [agency!.areaCode] })
  return user!.id
}

/** Signs in a user with several memberships and acts for the one whose agency name contains `agency`. */
export async function signedInAs(t: TestApp, username: string, agency: string) {
  const agent = await t.signedIn(username)
  const choose = $((await agent.get('/choose-membership')).body)
  const option = choose('input[name=membershipId]').filter((_i, el) =>
    choose(`label[for=${choose(el).attr('id')}]`)
      .text()
      .includes(agency),
  )
  await agent.post('/choose-membership', { membershipId: String(option.val()) })
  await agent.refreshCsrf()
  return agent
}

/** The id of a (demo) agency by its code. */
export async function agencyIdOf(t: TestApp, code: string): Promise<string> {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

/** The id of a (demo) user by their username. */
export async function userIdOf(t: TestApp, username: string): Promise<string> {
  const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username))
  return row!.id
}
