import { and, asc, desc, eq, gte, inArray, isNull, lte, max, or, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { agencies, conditions, people, riskPlanEntries, riskPlans, users } from '../../db/schema.js'
import type { Pillar } from './pillars.js'

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
type Reader = Pick<Database, 'select'>

export type PlanRow = typeof riskPlans.$inferSelect

export interface PlanVersion extends PlanRow {
  createdByName: string | null
  signedOffByName: string | null
}

export interface PlanEntry {
  id: string
  pillar: Pillar
  position: number
  text: string
  ownerAgencyId: string | null
  ownerAgencyName: string | null
  reviewOn: string | null
}

export interface NewEntry {
  pillar: Pillar
  text: string
  ownerAgencyId: string | null
  reviewOn: string | null
}

const nameOf = (column: typeof riskPlans.createdBy | typeof riskPlans.signedOffBy) =>
  sql<string | null>`(select display_name from ${users} u where u.id = ${column})`

const versionColumns = {
  plan: riskPlans,
  createdByName: nameOf(riskPlans.createdBy),
  signedOffByName: nameOf(riskPlans.signedOffBy),
}

const toVersion = (row: { plan: PlanRow; createdByName: string | null; signedOffByName: string | null }) => ({
  ...row.plan,
  createdByName: row.createdByName,
  signedOffByName: row.signedOffByName,
})

/** Every version of a person's plan, newest first. */
export async function plansOf(db: Reader, personId: string): Promise<PlanVersion[]> {
  const rows = await db
    .select(versionColumns)
    .from(riskPlans)
    .where(eq(riskPlans.personId, personId))
    .orderBy(desc(riskPlans.number))
  return rows.map(toVersion)
}

export async function findPlan(
  db: Reader,
  personId: string,
  number: number,
): Promise<PlanVersion | undefined> {
  const [row] = await db
    .select(versionColumns)
    .from(riskPlans)
    .where(and(eq(riskPlans.personId, personId), eq(riskPlans.number, number)))
  return row && toVersion(row)
}

/** The signed-off version in force (earlier ones are superseded). */
export async function signedOffPlan(db: Reader, personId: string): Promise<PlanVersion | undefined> {
  const [row] = await db
    .select(versionColumns)
    .from(riskPlans)
    .where(and(eq(riskPlans.personId, personId), eq(riskPlans.status, 'signed_off')))
    .orderBy(desc(riskPlans.number))
    .limit(1)
  return row && toVersion(row)
}

/** The entries of the given plans, by pillar and position, with their owners' names. */
export async function entriesOf(db: Reader, planIds: string[]): Promise<(PlanEntry & { planId: string })[]> {
  if (!planIds.length) return []
  const rows = await db
    .select({
      id: riskPlanEntries.id,
      planId: riskPlanEntries.planId,
      pillar: riskPlanEntries.pillar,
      position: riskPlanEntries.position,
      text: riskPlanEntries.text,
      ownerAgencyId: riskPlanEntries.ownerAgencyId,
      ownerAgencyName: agencies.name,
      reviewOn: riskPlanEntries.reviewOn,
    })
    .from(riskPlanEntries)
    .leftJoin(agencies, eq(agencies.id, riskPlanEntries.ownerAgencyId))
    .where(inArray(riskPlanEntries.planId, planIds))
    .orderBy(asc(riskPlanEntries.pillar), asc(riskPlanEntries.position))
  return rows.map((r) => ({ ...r, pillar: r.pillar as Pillar }))
}

/** Serialises changes to one person's plans (draft creation and sign-off). */
export async function lockPerson(tx: Transaction, personId: string) {
  await tx.select({ id: people.id }).from(people).where(eq(people.id, personId)).for('update')
}

export async function lockPlan(tx: Transaction, personId: string, number: number) {
  const [row] = await tx
    .select()
    .from(riskPlans)
    .where(and(eq(riskPlans.personId, personId), eq(riskPlans.number, number)))
    .for('update')
  return row
}

export async function draftOf(tx: Reader, personId: string) {
  const [row] = await tx
    .select({ number: riskPlans.number })
    .from(riskPlans)
    .where(and(eq(riskPlans.personId, personId), eq(riskPlans.status, 'draft')))
  return row
}

export async function nextNumber(tx: Reader, personId: string): Promise<number> {
  const [row] = await tx
    .select({ last: max(riskPlans.number) })
    .from(riskPlans)
    .where(eq(riskPlans.personId, personId))
  return (row?.last ?? 0) + 1
}

export async function insertPlan(
  tx: Transaction,
  values: {
    personId: string
    number: number
    reviewOn: string | null
    visitIntervalMonths: number | null
    createdBy: string | null
  },
) {
  const [row] = await tx.insert(riskPlans).values(values).returning()
  return row!
}

/** Entries in the order given; positions count from 0 within each pillar. */
export async function insertEntries(tx: Transaction, planId: string, entries: readonly NewEntry[]) {
  if (!entries.length) return
  const positions = new Map<Pillar, number>()
  await tx.insert(riskPlanEntries).values(
    entries.map((e) => {
      const position = positions.get(e.pillar) ?? 0
      positions.set(e.pillar, position + 1)
      return {
        planId,
        pillar: e.pillar,
        position,
        text: e.text,
        ownerAgencyId: e.ownerAgencyId,
        reviewOn: e.reviewOn,
      }
    }),
  )
}

/** Saves a draft if it is still the version the editor read; false when someone else saved first. */
export async function updateDraftIfCurrent(
  tx: Transaction,
  planId: string,
  version: number,
  values: { reviewOn: string | null; visitIntervalMonths: number | null },
  entries: readonly NewEntry[] | undefined,
): Promise<boolean> {
  const updated = await tx
    .update(riskPlans)
    .set({ ...values, version: sql`${riskPlans.version} + 1` })
    .where(and(eq(riskPlans.id, planId), eq(riskPlans.version, version), eq(riskPlans.status, 'draft')))
    .returning({ id: riskPlans.id })
  if (!updated.length) return false
  if (entries) {
    await tx.delete(riskPlanEntries).where(eq(riskPlanEntries.planId, planId))
    await insertEntries(tx, planId, entries)
  }
  return true
}

/** Signs off a draft and supersedes the version it replaces, in one transaction. */
export async function signOff(tx: Transaction, plan: PlanRow, by: string | null) {
  await tx
    .update(riskPlans)
    .set({ status: 'superseded', version: sql`${riskPlans.version} + 1` })
    .where(and(eq(riskPlans.personId, plan.personId), eq(riskPlans.status, 'signed_off')))
  await tx
    .update(riskPlans)
    .set({
      status: 'signed_off',
      signedOffAt: new Date(),
      signedOffBy: by,
      version: sql`${riskPlans.version} + 1`,
    })
    .where(eq(riskPlans.id, plan.id))
}

/** Which of these agency ids exist. */
export async function existingAgencies(db: Reader, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const rows = await db.select({ id: agencies.id }).from(agencies).where(inArray(agencies.id, ids))
  return new Set(rows.map((r) => r.id))
}

/** Licence conditions and order prohibitions in force on `today` (the conditions feature writes them). */
export async function activeConditions(db: Reader, personId: string, today: string) {
  return db
    .select({
      id: conditions.id,
      kind: conditions.kind,
      source: conditions.source,
      wording: conditions.wording,
      startsOn: conditions.startsOn,
      endsOn: conditions.endsOn,
    })
    .from(conditions)
    .where(
      and(
        eq(conditions.personId, personId),
        lte(conditions.startsOn, today),
        or(isNull(conditions.endsOn), gte(conditions.endsOn, today)),
      ),
    )
    .orderBy(asc(conditions.source), asc(conditions.kind), asc(conditions.startsOn))
}
