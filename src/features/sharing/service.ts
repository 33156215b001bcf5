import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { type IsoDate, isIsoDate } from '../../domain/rules/index.js'
import { endOfLondonDay, lastLondonDayBefore } from '../../domain/rules/dates.js'
import type { Principal } from '../../security/principal.js'
import { recordIdsOf } from '../merges/service.js'
import type { PersonRecord } from '../people/queries.js'
import { recordTimeline } from '../timeline/service.js'
import * as queries from './queries.js'

export type FieldProblem = { path: string; message: string }

/** The lawful bases a case is shared on; the person sharing adds the particulars. */
export const LAWFUL_BASES = {
  cja2003_s325_3: 'Criminal Justice Act 2003 s.325(3): duty to co-operate with the responsible authority',
  cja2003_s325_4: 'Criminal Justice Act 2003 s.325(4): exchange of information as part of co-operation',
  dpa2018_part3: 'Data Protection Act 2018 Part 3: processing for law enforcement purposes',
  other: 'Another lawful basis (explain it)',
} as const
export const SCOPES = {
  summary: 'Record summary: identity, category, level and managers',
  full: 'Full record',
} as const

/** One schema for the sharing form and `POST …/shares`. */
export function shareInput(today: IsoDate) {
  return z.object({
    agency: z.string({ error: 'Select the agency' }).trim().min(1, 'Select the agency').max(60),
    lawfulBasis: z.enum(Object.keys(LAWFUL_BASES) as [keyof typeof LAWFUL_BASES], {
      error: 'Select the lawful basis for sharing',
    }),
    lawfulBasisDetail: z
      .string({ error: 'Enter why sharing is necessary and proportionate' })
      .trim()
      .min(1, 'Enter why sharing is necessary and proportionate')
      .max(2000, 'The explanation must be 2000 characters or fewer'),
    scope: z.enum(Object.keys(SCOPES) as [keyof typeof SCOPES], { error: 'Select what is shared' }),
    expiresOn: z
      .string({ error: 'Enter the date sharing ends' })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'The date sharing ends must be a date in the format YYYY-MM-DD')
      .refine(isIsoDate, 'The date sharing ends must be a real date')
      .refine((d) => d > today, 'The date sharing ends must be in the future'),
  })
}
export type ShareInput = z.output<ReturnType<typeof shareInput>>

export type ShareView = Awaited<ReturnType<typeof sharesFor>>[number]

/** Current and past shares of a record (and those merged into it), with whether each gives access now. */
export async function sharesFor(db: Database, personId: string, now = new Date()) {
  const rows = await queries.sharesOf(db, await recordIdsOf(db, personId))
  return rows.map(({ share, ...r }) => ({
    ...share,
    ...r,
    expiresOn: share.expiresAt ? lastLondonDayBefore(share.expiresAt) : null,
    status: share.revokedAt
      ? ('revoked' as const)
      : share.expiresAt && share.expiresAt <= now
        ? ('expired' as const)
        : ('current' as const),
  }))
}

export const agencyOptions = (db: Database) => queries.dutyToCooperateAgencies(db)

export type ShareResult = { kind: 'shared'; id: string } | { kind: 'invalid'; problems: FieldProblem[] }

/** Shares the case with a duty-to-co-operate agency, recording who, why, what and until when. */
export async function share(
  db: Database,
  principal: Principal,
  person: PersonRecord,
  input: ShareInput,
): Promise<ShareResult> {
  const agency = (await agencyOptions(db)).find((a) => a.code === input.agency)
  if (!agency)
    return {
      kind: 'invalid',
      problems: [{ path: 'agency', message: 'Select a duty-to-co-operate agency from the list' }],
    }
  const existing = (await sharesFor(db, person.id)).find(
    (s) => s.agencyId === agency.id && s.status === 'current',
  )
  if (existing)
    return {
      kind: 'invalid',
      problems: [
        {
          path: 'agency',
          message: `The case is already shared with ${agency.name}${existing.expiresOn ? ` until ${existing.expiresOn}` : ''}: revoke that share first to change it`,
        },
      ],
    }
  const lawfulBasis = `${LAWFUL_BASES[input.lawfulBasis]}. ${input.lawfulBasisDetail}`
  return db.transaction(async (tx): Promise<ShareResult> => {
    const row = await queries.insertShare(tx, {
      personId: person.id,
      agencyId: agency.id,
      lawfulBasis,
      scope: input.scope,
      // A partner system's key stands for whoever shared through it.
      sharedBy: principal.kind === 'user' ? principal.userId : principal.apiKeyId,
      // A share lasts to the end of its last day in London.
      expiresAt: endOfLondonDay(input.expiresOn),
    })
    await recordTimeline(tx, principal, {
      personId: person.id,
      kind: 'share.granted',
      title: `Shared with ${agency.name} (${SCOPES[input.scope].split(':')[0]!.toLowerCase()}) until ${input.expiresOn}`,
      detail: lawfulBasis,
      recordType: 'person_share',
      recordId: row.id,
    })
    return { kind: 'shared', id: row.id }
  })
}

/** Ends a share now: the agency loses access at once. The share stays in the list, marked revoked. */
export async function revoke(
  db: Database,
  principal: Principal,
  person: PersonRecord,
  shareId: string,
): Promise<{ kind: 'revoked' } | { kind: 'not_found' } | { kind: 'conflict'; message: string }> {
  const found = (await sharesFor(db, person.id)).find((s) => s.id === shareId)
  if (!found) return { kind: 'not_found' }
  if (found.status !== 'current')
    return {
      kind: 'conflict',
      message: `This share has already ${found.status === 'revoked' ? 'been revoked' : 'expired'}`,
    }
  const ids = await recordIdsOf(db, person.id)
  return db.transaction(async (tx) => {
    const row = await queries.revokeShare(tx, ids, shareId)
    if (!row) return { kind: 'conflict' as const, message: 'This share has already been revoked' }
    await recordTimeline(tx, principal, {
      personId: person.id,
      kind: 'share.revoked',
      title: `Sharing with ${found.agencyName} revoked`,
      recordType: 'person_share',
      recordId: shareId,
    })
    return { kind: 'revoked' as const }
  })
}

export function shareJson(s: ShareView) {
  return {
    id: s.id,
    personId: s.personId,
    agency: s.agencyCode,
    agencyName: s.agencyName,
    lawfulBasis: s.lawfulBasis,
    scope: s.scope,
    sharedBy: s.sharedByName,
    sharedAt: s.createdAt.toISOString(),
    expiresOn: s.expiresOn,
    revokedAt: s.revokedAt?.toISOString() ?? null,
    status: s.status,
  }
}
