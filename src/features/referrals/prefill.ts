import type { Database } from '../../db/connection.js'
import { areaByCode } from '../../domain/areas.js'
import { GENDER_LABELS, ethnicityLabel } from '../../domain/person-attributes.js'
import { type IsoDate } from '../../domain/rules/dates.js'
import { formatDate } from '../../web/format.js'
import { describeDisposal, isHospital } from '../../domain/rules/disposal.js'
import type { Conviction } from '../../domain/rules/index.js'
import { conditionsOf } from '../conditions/service.js'
import { assessPerson, offenceCatalogue } from '../convictions/service.js'
import { currentAddress } from '../people/overview.js'
import type { PersonRecord } from '../people/queries.js'
import { factsOf } from '../record/service.js'
import { factType } from '../record/sections.js'
import { currentRegistration } from '../registrations/service.js'
import type { ReferredForm } from './schema.js'

const joinLines = (lines: (string | null | undefined)[]) =>
  lines
    .map((l) => l?.trim())
    .filter(Boolean)
    .join('\n') || null

/** How the index conviction is introduced in the referral. */
const TYPE_TEXT: Record<string, string> = {
  conviction: 'Conviction',
  caution: 'Caution',
  insanity: 'Finding of not guilty by reason of insanity',
  disability_finding: 'Finding of disability',
}

const asText = (value: unknown) => (typeof value === 'string' ? value : null)

const maxOf = (dates: (string | undefined)[]) =>
  dates
    .filter((d): d is string => !!d)
    .sort()
    .at(-1) ?? null

/**
 * Where the person is to live on release: an address recorded to start later, or failing that
 * the residence named by a licence condition not yet ended.
 */
async function releaseAddress(db: Database, personId: string, today: IsoDate) {
  const future = (await factsOf(db, factType('addresses')!, personId, today))
    .filter((f) => f.status === 'current' && f.validFrom && f.validFrom > today)
    .sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''))[0]
  if (future)
    return joinLines([future.line1, future.line2, future.town, future.county, future.postcode].map(asText))
  const residence = (await conditionsOf(db, personId, today)).find(
    (c) => c.kind === 'residence' && c.status !== 'ended',
  )
  return typeof residence?.details.address === 'string' ? residence.details.address : null
}

/** The offences, sentence, dates and any hospital order of the latest conviction: the index offence. */
function offenceFacts(convictions: readonly Conviction[]) {
  const index = [...convictions].sort((a, b) => a.date.localeCompare(b.date)).at(-1)
  if (!index) return {}
  const titles = new Map(offenceCatalogue().offences.map((o) => [o.id, o.title]))
  const offences = index.offences.map((line) => {
    const what = (line.offenceId && titles.get(line.offenceId)) || line.description || 'Offence not described'
    const when = line.offenceDate ?? line.offenceDateFrom
    return when ? `${what} (committed ${formatDate(when)})` : what
  })
  const hospital = index.offences
    .filter((line) => isHospital(line.disposal))
    .map(
      (line) =>
        `${describeDisposal(line.disposal)}${line.disposal.releaseDate ? `, discharge ${formatDate(line.disposal.releaseDate)}` : ''}`,
    )
  return {
    indexOffences: joinLines([
      `${TYPE_TEXT[index.type] ?? index.type} of ${formatDate(index.date)}:`,
      ...offences,
    ]),
    sentence: joinLines(index.offences.map((line) => describeDisposal(line.disposal))),
    sentenceDate: index.sentenceDate ?? index.date,
    releaseDate: maxOf(index.offences.map((line) => line.disposal.releaseDate)),
    licenceEndDate: maxOf(index.offences.map((line) => line.disposal.licenceEndDate)),
    hospitalDetails: joinLines(hospital),
  }
}

/**
 * The referral form (MAPPA A) filled from the record, so nothing is typed twice: area, the
 * registration in force, identity and identifiers, current and release addresses, the index
 * offences and sentence, relevant dates and any hospital order. The referrer checks and edits it.
 */
export async function referralPrefill(
  db: Database,
  person: PersonRecord,
  today: IsoDate,
): Promise<ReferredForm> {
  const [registration, address, release, assessment] = await Promise.all([
    currentRegistration(db, person.id),
    currentAddress(db, person.id, today),
    releaseAddress(db, person.id, today),
    assessPerson(db, person, today),
  ])
  const offences = offenceFacts(assessment.convictions.map((c) => c.conviction))
  return {
    areaName: areaByCode(person.areaCode)?.name ?? person.areaCode,
    currentCategory: registration ? `Category ${registration.category}` : 'Not registered',
    currentLevel: registration ? `Level ${registration.level}` : null,
    givenName: person.givenName,
    middleNames: person.middleNames,
    familyName: person.familyName,
    aliases: joinLines(
      person.aliases.map(
        (a) => `${a.givenName} ${a.familyName}${a.dateOfBirth ? ` (born ${a.dateOfBirth})` : ''}`,
      ),
    ),
    dateOfBirth: person.dateOfBirth,
    gender: GENDER_LABELS[person.gender as keyof typeof GENDER_LABELS] ?? person.gender,
    ethnicity: ethnicityLabel(person.ethnicity) || null,
    visorId: person.visorId,
    pncId: person.pncId,
    crn: person.crn,
    prisonNumber: person.prisonNumber,
    croNumber: person.croNumber,
    noFixedAbode: address?.kindText === 'No fixed abode',
    address: address ? joinLines(address.lines) : null,
    releaseAddress: release,
    indexOffences: offences.indexOffences ?? '',
    sentence: offences.sentence ?? null,
    sentenceDate: offences.sentenceDate ?? null,
    releaseDate: offences.releaseDate ?? null,
    licenceEndDate: offences.licenceEndDate ?? null,
    registeredOn: registration?.registeredOn ?? null,
    hospitalDetails: offences.hospitalDetails ?? null,
  }
}
