import { ageOn, type IsoDate } from './dates.js'
import { offenceDates, type Conviction, type OffenceLine } from './model.js'

/** Youngest age at which anyone can commit an offence (CYPA 1933 s.50). */
export const AGE_OF_CRIMINAL_RESPONSIBILITY = 10

/**
 * Every age the offender may have had at the offence. One age when the date is known; a
 * date range may span birthdays. With no offence date, the offence lies between age 10 and
 * the conviction date. Null when the date of birth is unknown.
 */
export function offenderAgesAtOffence(
  dateOfBirth: IsoDate | null | undefined,
  conviction: Conviction,
  line: OffenceLine,
): number[] | null {
  if (!dateOfBirth) return null
  const { from, to } = offenceDates(line)
  const maxAge = ageOn(dateOfBirth, to ?? conviction.date)
  const minAge = Math.min(maxAge, from ? ageOn(dateOfBirth, from) : AGE_OF_CRIMINAL_RESPONSIBILITY)
  return Array.from({ length: maxAge - minAge + 1 }, (_, i) => minAge + i)
}

/** Age on the relevant date (conviction, finding or caution), used for halving (s.82(2)). */
export function ageOnRelevantDate(
  dateOfBirth: IsoDate | null | undefined,
  conviction: Conviction,
): number | null {
  return dateOfBirth ? ageOn(dateOfBirth, conviction.date) : null
}
