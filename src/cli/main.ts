import { parseArgs } from 'node:util'
import { asc, eq } from 'drizzle-orm'
import { loadConfig } from '../config.js'
import { type DatabaseHandle, DatabaseInUseError } from '../db/connection.js'
import { insertSyntheticPeople } from '../db/people-generator.js'
import { openPreparedDatabase } from '../db/prepare.js'
import { agencies, memberships, users } from '../db/schema.js'
import { createApiKey, revokeApiKey, UnknownScopeError } from '../security/api-keys.js'
import { recordAudit, verifyAuditChain } from '../security/audit.js'
import { hashPassword } from '../security/passwords.js'
import { isRole } from '../security/roles.js'

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                                   run migrations and load reference (and demo) data
  seed --people N                           add N synthetic people (faker en_GB)
  list-agencies                             one agency a line: code, type, area code, name (tab-separated)
  create-user --username U --name NAME --password P --agency CODE --roles r1,r2 [--areas a1,a2]
  create-api-key --agency CODE --name NAME [--scopes s1,s2]   prints the key as the last line
  revoke-api-key --id ID
  audit verify                              check the audit trail's hash chain`

class UsageError extends Error {}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? []

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required`)
  return value
}

async function agencyByCode(handle: DatabaseHandle, code: string) {
  const [agency] = await handle.db.select().from(agencies).where(eq(agencies.code, code))
  if (!agency) throw new UsageError(`No agency with code ${code} (see: npm run cli -- list-agencies)`)
  return agency
}

const commands: Record<string, (handle: DatabaseHandle, args: string[]) => Promise<number>> = {
  async migrate() {
    console.log('Database is up to date.')
    return 0
  },

  async seed(handle, args) {
    const { values } = parseArgs({ args, options: { people: { type: 'string' } } })
    const count = Number(values.people ?? '0')
    if (!Number.isInteger(count) || count < 1)
      throw new UsageError('--people must be a whole number of 1 or more')
    const started = performance.now()
    await insertSyntheticPeople(handle.db, count, {
      onProgress: (done) => {
        if (done % 10_000 === 0 || done === count) console.log(`${done} of ${count} people added`)
      },
    })
    console.log(`Added ${count} people in ${((performance.now() - started) / 1000).toFixed(1)}s.`)
    return 0
  },

  async 'list-agencies'(handle) {
    const rows = await handle.db.select().from(agencies).orderBy(asc(agencies.areaCode), asc(agencies.code))
    for (const a of rows) console.log([a.code, a.type, a.areaCode, a.name].join('\t'))
    return 0
  },

  async 'create-user'(handle, args) {
    const { values } = parseArgs({
      args,
      options: {
        username: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        agency: { type: 'string' },
        roles: { type: 'string' },
        areas: { type: 'string' },
      },
    })
    const password = required(values, 'password')
    if (password.length < 12) throw new UsageError('--password must be at least 12 characters')
    const agency = await agencyByCode(handle, required(values, 'agency'))
    const roles = list(required(values, 'roles'))
    const unknown = roles.filter((r) => !isRole(r))
    if (unknown.length) throw new UsageError(`Unknown role: ${unknown.join(', ')}`)
    const [user] = await handle.db
      .insert(users)
      .values({
        username: required(values, 'username'),
        displayName: required(values, 'name'),
        email: values.email ?? null,
        passwordHash: await hashPassword(password),
      })
      .returning({ id: users.id })
    const areaCodes = list(values.areas)
    await handle.db.insert(memberships).values({
      userId: user!.id,
      agencyId: agency.id,
      roles,
      areaCodes: areaCodes.length ? areaCodes : [agency.areaCode],
    })
    await recordAudit(handle.db, {
      event: 'USER_CREATED',
      outcome: 'success',
      recordType: 'user',
      recordId: user!.id,
    })
    console.log(`Created user ${values.username}; they set up their authenticator app at first sign-in.`)
    console.log(user!.id)
    return 0
  },

  async 'create-api-key'(handle, args) {
    const { values } = parseArgs({
      args,
      options: { agency: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' } },
    })
    const agency = await agencyByCode(handle, required(values, 'agency'))
    const created = await createApiKey(handle.db, {
      agencyId: agency.id,
      name: required(values, 'name'),
      scopes: list(values.scopes),
    })
    await recordAudit(handle.db, {
      event: 'API_KEY_CREATED',
      outcome: 'success',
      recordType: 'api_key',
      recordId: created.id,
    })
    console.log(`API key ${created.id} for ${agency.name}, scopes: ${created.scopes.join(', ')}`)
    console.log('Keep the key secret; it is shown only once:')
    console.log(created.key)
    return 0
  },

  async 'revoke-api-key'(handle, args) {
    const { values } = parseArgs({ args, options: { id: { type: 'string' } } })
    const id = required(values, 'id')
    if (!(await revokeApiKey(handle.db, id))) throw new UsageError(`No active API key with id ${id}`)
    await recordAudit(handle.db, {
      event: 'API_KEY_REVOKED',
      outcome: 'success',
      recordType: 'api_key',
      recordId: id,
    })
    console.log(`Revoked API key ${id}.`)
    return 0
  },

  async audit(handle, args) {
    if (args[0] !== 'verify') throw new UsageError('Use: audit verify')
    const report = await verifyAuditChain(handle.db)
    if (report.ok) {
      console.log(`Audit trail intact: ${report.events} events, every link verified.`)
      return 0
    }
    console.error(
      `Audit trail BROKEN at event ${report.brokenAt}: ${report.problem}. ${report.events} events before it verified.`,
    )
    return 1
  },
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  const command = name ? commands[name] : undefined
  if (!command) {
    console.error(USAGE)
    return 2
  }
  const config = loadConfig()
  let handle: DatabaseHandle | undefined
  try {
    handle = (await openPreparedDatabase(config)).handle
    return await command(handle, args)
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof UnknownScopeError ||
      error instanceof DatabaseInUseError
    ) {
      console.error(error.message)
      return 2
    }
    throw error
  } finally {
    await handle?.close()
  }
}

process.exitCode = await main(process.argv.slice(2))
