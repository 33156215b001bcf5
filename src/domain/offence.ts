/** One row of the offence catalogue (src/db/reference/offences.csv, grammar in offences.md). */
export interface Offence {
  id: string
  title: string
  statute: string
  section: string | null
  /** Part of Schedule 15 to the Criminal Justice Act 2003: 1 violent, 2 sexual, 3 terrorism. */
  sched15Part: 1 | 2 | 3 | null
  /** Paragraph of Schedule 3 to the Sexual Offences Act 2003 (England and Wales list). */
  sched3Paragraph: string | null
  /** Condition under which the Schedule 3 entry applies, in the catalogue's grammar. */
  sched3Condition: string | null
  /** A Category 2 trigger that is not in Schedule 15 (murder; CJA 2003 s.327(4A)). */
  cat2Direct: boolean
  /** What could not be confirmed against the legislation; null when the row is confirmed. */
  unconfirmed: string | null
  notes: string
}
