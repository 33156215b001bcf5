import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { addDays } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import { personFor } from '../people/service.js'
import { recordIdsOf } from '../merges/service.js'
import { timelineOf } from '../timeline/service.js'
import { flag, isoDate, mask, optionalDate, optionalText } from './fields.js'
import * as queries from './queries.js'
import type { FactRow } from './queries.js'
import type { FactAction, FactFields, FactType, FieldProblem } from './sections.js'

export type { FactRow } from './queries.js'

export type FactStatus = 'current' | 'ended' | 'corrected'
export interface Fact extends FactRow {
  status: FactStatus
}

/** Corrected entries are history whatever their dates; ended ones once their last day has passed. */
export function statusOf(fact: Pick<FactRow, 'correctedAt' | 'validTo'>, today: string): FactStatus {
  if (fact.correctedAt) return 'corrected'
  if (fact.validTo && fact.validTo < today) return 'ended'
  return 'current'
}

export async function factsOf(
  db: Database,
  type: FactType,
  personId: string,
  today: string,
): Promise<Fact[]> {
  const rows = await queries.factsOf(db, type.table, personId)
  return rows.map((row) => ({ ...row, status: statusOf(row, today) }))
}

export async function findFact(
  db: Database,
  type: FactType,
  personId: string,
  factId: string,
  today: string,
) {
  const row = await queries.findFact(db, type.table, personId, factId)
  return row && { ...row, status: statusOf(row, today) }
}

/** May this principal see bank account and card numbers in full? */
export const mayViewFinancial = (principal: Principal | undefined) =>
  mayDo(principal, 'person:view_financial')

/** A fact's fields as stored, with numbers masked for those who may not see them. */
export function visibleFields(
  type: FactType,
  fact: FactFields,
  principal: Principal | undefined,
): FactFields {
  const unmasked = mayViewFinancial(principal)
  return Object.fromEntries(
    type.fields.map((f) => [f.name, f.masked && !unmasked ? mask(fact[f.name]) : (fact[f.name] ?? null)]),
  )
}

// Schemas for each action, built from the fact type's fields: one for the form and the API.

const version = z.number({ error: 'Send the version you read' }).int().min(1)
const common = {
  validFrom: optionalDate('True from'),
  source: optionalText('Source', 200),
  verified: flag('Verified'),
}

const fieldsShape = (type: FactType) => Object.fromEntries(type.fields.map((f) => [f.name, f.schema]))

export function addSchema(type: FactType) {
  return z.object({ ...fieldsShape(type), ...common })
}

export function actionSchema(type: FactType, action: FactAction) {
  switch (action) {
    case 'change':
      return z.object({
        version,
        date: isoDate('Date of the change'),
        ...fieldsShape(type),
        source: common.source,
        verified: common.verified,
      })
    case 'correct':
      return z.object({ version, ...fieldsShape(type), ...common, validTo: optionalDate('True until') })
    case 'end':
      return z.object({ version, date: isoDate('Date it ended') })
    case 'verify':
      return z.object({ version })
  }
}

const fieldValues = (type: FactType, data: Record<string, unknown>): FactFields =>
  Object.fromEntries(type.fields.map((f) => [f.name, data[f.name] ?? null]))

/** Rules across fields, then links that must point at a record that exists. */
async function problemsWith(db: Database, principal: Principal, type: FactType, fields: FactFields) {
  const problems = type.check?.(fields) ?? []
  const linked = fields.associatePersonId
  if (typeof linked === 'string') {
    const access = await personFor(db, principal, linked)
    if (access.kind === 'not_found')
      problems.push({ path: 'associatePersonId', message: 'No record has that ID' })
    else if (access.kind === 'ok' && !fields.name)
      fields.name = `${access.person.givenName} ${access.person.familyName}`
  }
  return problems
}

export interface Upload {
  content: Buffer
  truncated: boolean
}

export const PHOTO_LIMIT_BYTES = 5 * 1024 * 1024
const PHOTO_LIMIT_TEXT = '5 MB'

/** The image type from its first bytes, not from what the browser claimed. */
export function imageTypeOf(content: Buffer): 'image/jpeg' | 'image/png' | undefined {
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff)
    return 'image/jpeg'
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (content.length >= 8 && png.every((b, i) => content[i] === b)) return 'image/png'
  return undefined
}

function checkPhoto(upload: Upload | undefined): { problem: FieldProblem } | { mimeType: string } {
  if (!upload || upload.content.length === 0)
    return { problem: { path: 'photo', message: 'Select a photograph' } }
  if (upload.truncated || upload.content.length > PHOTO_LIMIT_BYTES)
    return { problem: { path: 'photo', message: `The photograph must be smaller than ${PHOTO_LIMIT_TEXT}` } }
  const mimeType = imageTypeOf(upload.content)
  if (!mimeType) return { problem: { path: 'photo', message: 'The photograph must be a JPG or PNG' } }
  return { mimeType }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
const PAST: Record<FactAction | 'add', string> = {
  add: 'added',
  change: 'changed',
  correct: 'corrected',
  end: 'ended',
  verify: 'verified',
}
const timelineFor = (type: FactType, action: FactAction | 'add', detail: string) => ({
  kind: `${type.timelineKind}.${PAST[action]}`,
  title: `${capitalised(type.singular)} ${PAST[action]}`,
  detail,
  recordType: type.key,
})

export type WriteResult =
  | { kind: 'written'; id: string }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'not_found' }
  | { kind: 'stale'; current: Fact }

const zodProblems = (error: z.ZodError): FieldProblem[] =>
  error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))

/** Adds a fact (with its photograph, for photos). */
export async function addFact(
  db: Database,
  principal: Principal,
  personId: string,
  type: FactType,
  body: unknown,
  upload?: Upload,
): Promise<WriteResult> {
  const parsed = addSchema(type).safeParse(body)
  const problems = parsed.success ? [] : zodProblems(parsed.error)
  const photo = type.upload ? checkPhoto(upload) : undefined
  if (photo && 'problem' in photo) problems.unshift(photo.problem)
  if (!parsed.success || problems.length) return { kind: 'invalid', problems }
  const fields = fieldValues(type, parsed.data)
  problems.push(...(await problemsWith(db, principal, type, fields)))
  if (problems.length) return { kind: 'invalid', problems }
  const { validFrom, source, verified } = parsed.data
  const result = await queries.writeFacts(db, principal, {
    personId,
    table: type.table,
    insert: {
      ...fields,
      validFrom,
      source,
      verified,
      ...(photo && 'mimeType' in photo ? { mimeType: photo.mimeType, content: upload!.content } : {}),
    },
    timeline: timelineFor(type, 'add', type.summary(fields)),
    refreshSearch: type.refreshesSearch,
  })
  return result.kind === 'written' ? result : { kind: 'invalid', problems: [] }
}

/** Change, correct, end or verify a recorded fact, if nobody has touched it since `version`. */
export async function actOnFact(
  db: Database,
  principal: Principal,
  personId: string,
  type: FactType,
  factId: string,
  action: FactAction,
  body: unknown,
  today: string,
): Promise<WriteResult> {
  const fact = await findFact(db, type, personId, factId, today)
  if (!fact || !type.actions.includes(action)) return { kind: 'not_found' }
  const parsed = actionSchema(type, action).safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: zodProblems(parsed.error) }
  const data = parsed.data as Record<string, unknown> & { version: number }
  if (data.version !== fact.version) return { kind: 'stale', current: fact }
  const date = typeof data.date === 'string' ? data.date : undefined
  const update = (set: Record<string, unknown>) => ({ id: fact.id, version: data.version, set })
  const problems: FieldProblem[] = []
  if (fact.status === 'corrected' || (fact.status === 'ended' && action !== 'correct' && action !== 'verify'))
    problems.push({ path: 'version', message: `This ${type.singular} has already been ${fact.status}` })
  if (date && fact.validFrom && date <= fact.validFrom && action === 'change')
    problems.push({
      path: 'date',
      message: `Date of the change must be after ${fact.validFrom}, when it started`,
    })
  if (date && fact.validFrom && date < fact.validFrom && action === 'end')
    problems.push({
      path: 'date',
      message: `Date it ended must be on or after ${fact.validFrom}, when it started`,
    })

  let write: Omit<queries.FactWrite, 'personId' | 'table'>
  if (action === 'end' || action === 'verify') {
    if (problems.length) return { kind: 'invalid', problems }
    write =
      action === 'end'
        ? { update: update({ validTo: date }), timeline: timelineFor(type, 'end', type.summary(fact)) }
        : { update: update({ verified: true }), timeline: timelineFor(type, 'verify', type.summary(fact)) }
  } else {
    const fields = fieldValues(type, data)
    problems.push(...(await problemsWith(db, principal, type, fields)))
    const validFrom = action === 'change' ? date : (data.validFrom as string | null)
    const validTo = action === 'correct' ? (data.validTo as string | null) : null
    if (validFrom && validTo && validTo < validFrom)
      problems.push({ path: 'validTo', message: 'True until must be on or after true from' })
    if (problems.length) return { kind: 'invalid', problems }
    const photo = type.upload ? await queries.photoContent(db, personId, fact.id) : undefined
    const insert = {
      ...fields,
      validFrom,
      validTo,
      source: data.source,
      verified: data.verified,
      ...(action === 'correct' ? { corrects: fact.id } : {}),
      ...(photo ? { mimeType: photo.mimeType, content: photo.content } : {}),
    }
    write =
      action === 'change'
        ? {
            // The old fact was true until the day before the change.
            update: update({ validTo: addDays(date!, -1) }),
            insert,
            timeline: timelineFor(type, 'change', `${type.summary(fact)} → ${type.summary(fields)}`),
          }
        : {
            update: update({ correctedAt: new Date() }),
            insert,
            timeline: timelineFor(type, 'correct', `${type.summary(fact)} → ${type.summary(fields)}`),
          }
  }
  const result = await queries.writeFacts(db, principal, {
    personId,
    table: type.table,
    ...write,
    refreshSearch: type.refreshesSearch,
  })
  if (result.kind === 'stale')
    return { kind: 'stale', current: (await findFact(db, type, personId, factId, today))! }
  return result
}

export const photoContent = queries.photoContent

/** The record's history, newest first, optionally of one kind of change (`address`, `vehicle` …). */
export async function historyOf(db: Database, personId: string, kind?: string) {
  // A kept record's history includes the records merged into it.
  const entries = await timelineOf(db, await recordIdsOf(db, personId))
  const kinds = [...new Set(entries.map((e) => e.kind.split('.')[0]!))].sort()
  return { kinds, entries: kind ? entries.filter((e) => e.kind.split('.')[0] === kind) : entries }
}
