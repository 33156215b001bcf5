import { asc, desc, eq, inArray, and, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { convictionOffences, convictions, rulesDecisions } from '../../db/schema.js'
import type { Conviction, Disposal, OffenceLine } from '../../domain/rules/index.js'

export type ConvictionRow = typeof convictions.$inferSelect
type OffenceRow = typeof convictionOffences.$inferSelect
export type DecisionRow = typeof rulesDecisions.$inferSelect

/** A stored conviction in the rules core's model, with when and by whom it was recorded. */
export interface StoredConviction {
  conviction: Conviction & { id: string }
  personId: string
  createdAt: Date
  version: number
}

const omitNull = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined))

function lineOf(row: OffenceRow): OffenceLine {
  const disposal = omitNull({
    type: row.disposalType,
    months: row.months,
    weeks: row.weeks,
    days: row.days,
    consecutive: row.consecutive || null,
    overlap: row.overlap,
    releaseDate: row.releaseDate,
    licenceEndDate: row.licenceEndDate,
    orderEndDate: row.orderEndDate,
  }) as unknown as Disposal
  return omitNull({
    offenceId: row.offenceId,
    description: row.description,
    offenceDate: row.offenceDate,
    offenceDateFrom: row.offenceDateFrom,
    offenceDateTo: row.offenceDateTo,
    victimAge: row.victimAge,
    victimAgeUnder: row.victimAgeUnder,
    sexualGratification: row.sexualGratification,
    disposal,
  }) as unknown as OffenceLine
}

function storedOf(row: ConvictionRow, lines: OffenceRow[]): StoredConviction {
  const conviction = omitNull({
    id: row.id,
    date: row.date,
    type: row.type,
    court: row.court,
    sentenceDate: row.sentenceDate,
    notificationOrderDate: row.notificationOrderDate,
  }) as unknown as Conviction & { id: string }
  conviction.offences = lines.sort((a, b) => a.position - b.position).map(lineOf)
  return { conviction, personId: row.personId, createdAt: row.createdAt, version: row.version }
}

export async function insertConviction(
  db: Database,
  personId: string,
  conviction: Conviction,
  createdBy: { userId: string | null; apiKeyId: string | null },
): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(convictions)
      .values({
        personId,
        date: conviction.date,
        type: conviction.type,
        court: conviction.court ?? 'england_wales',
        sentenceDate: conviction.sentenceDate ?? null,
        notificationOrderDate: conviction.notificationOrderDate ?? null,
        createdBy: createdBy.userId,
        createdByApiKey: createdBy.apiKeyId,
      })
      .returning({ id: convictions.id })
    const id = row!.id
    await tx.insert(convictionOffences).values(
      conviction.offences.map((line, position) => {
        const d = line.disposal
        return {
          convictionId: id,
          position,
          offenceId: line.offenceId ?? null,
          description: line.description ?? null,
          offenceDate: line.offenceDate ?? null,
          offenceDateFrom: line.offenceDateFrom ?? null,
          offenceDateTo: line.offenceDateTo ?? null,
          victimAge: line.victimAge ?? null,
          victimAgeUnder: line.victimAgeUnder ?? null,
          sexualGratification: line.sexualGratification ?? null,
          disposalType: d.type,
          months: d.months ?? null,
          weeks: d.weeks ?? null,
          days: d.days ?? null,
          consecutive: d.consecutive ?? false,
          overlap: d.overlap ?? null,
          releaseDate: d.releaseDate ?? null,
          licenceEndDate: d.licenceEndDate ?? null,
          orderEndDate: d.orderEndDate ?? null,
        }
      }),
    )
    return id
  })
}

/** A person's convictions, oldest first, each with its offence lines in the order recorded. */
export async function convictionsOf(db: Database, personId: string): Promise<StoredConviction[]> {
  const rows = await db
    .select()
    .from(convictions)
    .where(eq(convictions.personId, personId))
    .orderBy(asc(convictions.date), asc(convictions.createdAt), asc(convictions.id))
  if (rows.length === 0) return []
  const lines = await db
    .select()
    .from(convictionOffences)
    .where(
      inArray(
        convictionOffences.convictionId,
        rows.map((r) => r.id),
      ),
    )
  return rows.map((row) =>
    storedOf(
      row,
      lines.filter((l) => l.convictionId === row.id),
    ),
  )
}

/** The latest decisions of one kind about a person, newest first. */
export async function latestDecisions(
  db: Database,
  personId: string,
  kind: string,
  limit: number,
): Promise<DecisionRow[]> {
  return db
    .select()
    .from(rulesDecisions)
    .where(and(eq(rulesDecisions.personId, personId), eq(rulesDecisions.kind, kind)))
    .orderBy(desc(rulesDecisions.decidedAt), desc(rulesDecisions.id))
    .limit(limit)
}

export async function insertDecision(
  db: Database,
  values: Omit<typeof rulesDecisions.$inferInsert, 'id' | 'decidedAt'>,
): Promise<DecisionRow> {
  const [row] = await db.insert(rulesDecisions).values(values).returning()
  return row!
}

/**
 * Sets one offence line's release date and moves the conviction's version on; gives the date it
 * replaced (null when none was recorded), or undefined when there is no such line.
 */
export async function setReleaseDate(
  db: Database,
  personId: string,
  where: { convictionId: string; position: number },
  releaseDate: string,
): Promise<{ previous: string | null } | undefined> {
  return db.transaction(async (tx) => {
    const [line] = await tx
      .select({ releaseDate: convictionOffences.releaseDate })
      .from(convictionOffences)
      .innerJoin(convictions, eq(convictions.id, convictionOffences.convictionId))
      .where(
        and(
          eq(convictions.personId, personId),
          eq(convictionOffences.convictionId, where.convictionId),
          eq(convictionOffences.position, where.position),
        ),
      )
    if (!line) return undefined
    await tx
      .update(convictionOffences)
      .set({ releaseDate })
      .where(
        and(
          eq(convictionOffences.convictionId, where.convictionId),
          eq(convictionOffences.position, where.position),
        ),
      )
    await tx
      .update(convictions)
      .set({ version: sql`${convictions.version} + 1` })
      .where(eq(convictions.id, where.convictionId))
    return { previous: line.releaseDate }
  })
}
