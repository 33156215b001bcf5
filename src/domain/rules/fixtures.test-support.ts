// Test-only builders shared by the rules tests.
import type { Conviction, Disposal, OffenceLine } from './model.js'

export const ADULT_DOB = '1980-01-01'

export function line(offenceId: string, disposal: Disposal, extra: Partial<OffenceLine> = {}): OffenceLine {
  return { offenceId, offenceDate: '2020-06-01', victimAge: 15, disposal, ...extra }
}

export function conviction(
  date: string,
  offences: OffenceLine[],
  extra: Partial<Conviction> = {},
): Conviction {
  return { date, type: 'conviction', offences, ...extra }
}

export const SEXUAL_ASSAULT = 'soa2003-s3-sexual-assault'
export const GBH = 'oapa1861-s18-gbh-with-intent'
