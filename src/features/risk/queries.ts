import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { peopleAtRisk, riskAssessments, users } from '../../db/schema.js'

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
type Reader = Pick<Database, 'select'>

export type AssessmentRow = typeof riskAssessments.$inferSelect & { recordedByName: string | null }
export type PersonAtRiskRow = typeof peopleAtRisk.$inferSelect

const assessmentColumns = { row: riskAssessments, recordedByName: users.displayName }
const flatten = (r: { row: typeof riskAssessments.$inferSelect; recordedByName: string | null }) => ({
  ...r.row,
  recordedByName: r.recordedByName,
})

/** Assessments of a person (and the records merged into it), newest assessment first. */
export async function assessmentsOf(
  db: Reader,
  personIds: string[],
  tool?: string,
): Promise<AssessmentRow[]> {
  const rows = await db
    .select(assessmentColumns)
    .from(riskAssessments)
    .leftJoin(users, eq(users.id, riskAssessments.recordedBy))
    .where(
      and(inArray(riskAssessments.personId, personIds), tool ? eq(riskAssessments.tool, tool) : undefined),
    )
    .orderBy(desc(riskAssessments.assessedOn), desc(riskAssessments.recordedAt), desc(riskAssessments.id))
  return rows.map(flatten)
}

export async function findAssessment(
  db: Reader,
  personIds: string[],
  id: string,
): Promise<AssessmentRow | undefined> {
  const [row] = await db
    .select(assessmentColumns)
    .from(riskAssessments)
    .leftJoin(users, eq(users.id, riskAssessments.recordedBy))
    .where(and(eq(riskAssessments.id, id), inArray(riskAssessments.personId, personIds)))
  return row && flatten(row)
}

export async function insertAssessment(tx: Transaction, values: typeof riskAssessments.$inferInsert) {
  const [row] = await tx.insert(riskAssessments).values(values).returning()
  return row!
}

/** Replaces an assessment only if it is still at the version the editor read. */
export async function updateAssessmentIfCurrent(
  tx: Transaction,
  id: string,
  version: number,
  values: Partial<typeof riskAssessments.$inferInsert>,
) {
  const [row] = await tx
    .update(riskAssessments)
    .set({ ...values, version: version + 1 })
    .where(and(eq(riskAssessments.id, id), eq(riskAssessments.version, version)))
    .returning()
  return row
}

/** People at risk, most recently recorded first. */
export async function peopleAtRiskOf(db: Reader, personIds: string[]): Promise<PersonAtRiskRow[]> {
  return db
    .select()
    .from(peopleAtRisk)
    .where(inArray(peopleAtRisk.personId, personIds))
    .orderBy(desc(peopleAtRisk.recordedAt), desc(peopleAtRisk.id))
}

export async function findPersonAtRisk(db: Reader, personIds: string[], id: string) {
  const [row] = await db
    .select()
    .from(peopleAtRisk)
    .where(and(eq(peopleAtRisk.id, id), inArray(peopleAtRisk.personId, personIds)))
  return row
}

export async function insertPersonAtRisk(tx: Transaction, values: typeof peopleAtRisk.$inferInsert) {
  const [row] = await tx.insert(peopleAtRisk).values(values).returning()
  return row!
}

export async function endPersonAtRiskIfCurrent(
  tx: Transaction,
  id: string,
  version: number,
  validTo: string,
) {
  const [row] = await tx
    .update(peopleAtRisk)
    .set({ validTo, version: version + 1 })
    .where(and(eq(peopleAtRisk.id, id), eq(peopleAtRisk.version, version)))
    .returning()
  return row
}
